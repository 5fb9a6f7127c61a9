using Engram.Access.Audit;
using Engram.Memories;
using Engram.Review;
using Microsoft.Playwright;

namespace Engram.Web.Tests.EndToEnd;

/// <summary>
/// The review UI in a real browser against a real server: a person signs in, reviews a dream's proposals and an
/// agent's, and the library's store and audit log show what they decided. Every page visited is saved as a
/// screenshot in artifacts/ui-screenshots/.
/// </summary>
public sealed class ReviewUiTests(UiWorld world) : IClassFixture<UiWorld>
{
    [Fact]
    public async Task A_person_signs_in_and_accepts_merges_edits_and_rejects_and_the_store_and_audit_log_record_it()
    {
        await using var context = await world.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ui/proposals");
        Assert.Contains("/ui/sign-in?return=%2Fui%2Fproposals", page.Url, StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "01-sign-in");
        await page.GetByLabel("API key").FillAsync(world.Admin.Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/ui/proposals");

        // The inbox: the dream's three proposals and the agent's two, newest first.
        Assert.Equal(5, await page.Locator("table.inbox tbody tr").CountAsync());
        await UiWorld.ShotAsync(page, "02-inbox");
        await page.GotoAsync($"/ui/proposals?dream={world.Dream.Id}&sort=prevalence");
        var rows = page.Locator("table.inbox tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        Assert.Contains("/org/environment.md", await rows.Nth(0).InnerTextAsync(), StringComparison.Ordinal); // 5 of 12 sessions, the most prevalent
        Assert.Contains("5 of 12 sessions", await rows.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "03-inbox-dream-by-prevalence");

        // Someone edits the conventions after the dream: its proposal's base moves.
        var conventions = await world.Engine.Memories.GetMemoryByPathAsync(world.AdminCaller, world.Store.Id, "/org/conventions.md", MemoryView.Full, CancellationToken.None);
        await world.Engine.Memories.UpdateMemoryAsync(world.AdminCaller, world.Store.Id, conventions.Id,
            new UpdateMemoryRequest(UiWorld.Conventions.Replace("Run tests with `python -m pytest`.", "Run tests with `python -m pytest -q`.", StringComparison.Ordinal)), CancellationToken.None);

        // Accept the remember request with one keystroke; the next pending proposal is shown.
        await page.GetByRole(AriaRole.Link, new() { Name = "create /agents/reviewer/notes.md" }).ClickAsync();
        await page.WaitForURLAsync("**/ui/proposals/prop_*");
        Assert.Contains("Seen in 1 of 12", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "04-proposal");
        var remember = await world.DreamProposalAsync("remember_request");
        await page.Keyboard.PressAsync("a");
        await page.WaitForURLAsync(url => url.Contains("decided=" + remember.Id, StringComparison.Ordinal));
        Assert.Equal(ProposalStatus.Applied, (await world.DreamProposalAsync("remember_request")).Status);
        Assert.Contains("applied as memver_", await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);

        // The correction's base moved: the page offers the merge, and accepting it keeps both changes.
        var correction = await world.DreamProposalAsync("user_correction");
        await page.GotoAsync($"/ui/proposals/{correction.Id}?dream={world.Dream.Id}&sort=prevalence");
        Assert.Contains("The memory changed since this was proposed", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "05-proposal-merge");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept the merge" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("decided=" + correction.Id, StringComparison.Ordinal));
        var merged = (await world.Engine.Memories.GetMemoryByPathAsync(world.AdminCaller, world.Store.Id, "/org/conventions.md", MemoryView.Full, CancellationToken.None)).Content!;
        Assert.Contains("python -m pytest -q", merged, StringComparison.Ordinal);
        Assert.Contains("pnpm", merged, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Applied, (await world.DreamProposalAsync("user_correction")).Status);

        // The failure everyone hit: UNTRUSTED, with evidence linked to the transcript at its event.
        var environment = await world.DreamProposalAsync("recovered_failure");
        await page.GotoAsync($"/ui/proposals/{environment.Id}");
        Assert.Contains("UNTRUSTED", await page.Locator(".warning.untrusted").InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "06-proposal-untrusted");
        var evidence = environment.Origin!.Evidence[0];
        await page.Locator(".evidence a").First.ClickAsync();
        await page.WaitForURLAsync($"**/ui/sessions/{evidence.SessionId}?around={evidence.EventIndex}#event-{evidence.EventIndex}");
        var focused = page.Locator($"#event-{evidence.EventIndex}");
        Assert.Contains("failed", await focused.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Contains(evidence.Quote, await focused.InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "07-transcript");

        // Edit then accept: the person's wording is what is written, and the version says it was edited.
        await page.GoBackAsync();
        await page.Keyboard.PressAsync("e");
        const string Edited = "# Environment\n\n- `docker compose` is not available here; run `docker-compose` instead.\n";
        await page.Locator("#content").FillAsync(Edited);
        await UiWorld.ShotAsync(page, "08-proposal-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept with my edit" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("decided=" + environment.Id, StringComparison.Ordinal) || url.Contains(environment.Id, StringComparison.Ordinal));
        var written = await world.Engine.Memories.GetMemoryByPathAsync(world.AdminCaller, world.Store.Id, "/org/environment.md", MemoryView.Full, CancellationToken.None);
        Assert.Equal(Edited, written.Content);
        var version = await world.Engine.Memories.GetVersionAsync(world.AdminCaller, world.Store.Id, written.MemoryVersionId, MemoryView.Basic, CancellationToken.None);
        Assert.EndsWith("(edited at review)", version.Reason, StringComparison.Ordinal);
        Assert.Equal(environment.Id, version.ProposalId);

        // Reject the agent's proposal with a reason: r focuses the reason field.
        await page.GotoAsync($"/ui/proposals/{world.AgentProposal.Id}");
        await page.Keyboard.PressAsync("r");
        await page.Keyboard.TypeAsync("on-call order is set by people");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("handler=", StringComparison.Ordinal));
        var rejected = await world.ProposalAsync(world.AgentProposal.Id);
        Assert.Equal(ProposalStatus.Rejected, rejected.Status);
        Assert.Equal("on-call order is set by people", rejected.DecisionNote);
        await page.GotoAsync($"/ui/proposals/{world.AgentProposal.Id}");
        await UiWorld.ShotAsync(page, "09-proposal-rejected");

        // The library recorded each decision with the person who made it.
        var audit = await world.Engine.Audit.ListAsync(world.AdminCaller, new AuditQuery(world.Store.Id, Limit: 100), CancellationToken.None);
        var decisions = audit.Data.Where(e => e.Action is "proposal.accept" or "proposal.reject").ToList();
        Assert.Equal(3, decisions.Count(e => e.Action == "proposal.accept" && e.Outcome == AuditOutcome.Ok));
        Assert.Contains(decisions, e => e.Action == "proposal.accept" && e.Detail?.Contains("edited at review", StringComparison.Ordinal) == true);
        Assert.Contains(decisions, e => e.Action == "proposal.reject" && e.Target == world.AgentProposal.Id);
        Assert.All(decisions, e => Assert.Equal(world.AdminCaller.Actor, e.Actor));

        // The key is never in a page or the server's log.
        Assert.DoesNotContain(world.Admin.Secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(world.Logs.Lines, line => line.Contains(world.Admin.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_inbox_reads_on_a_phone()
    {
        await using var context = await world.ContextAsync(width: 390, height: 844);
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, $"/ui/proposals?status=all");

        Assert.True(await page.Locator("table.inbox tbody tr").CountAsync() >= 3);
        var overflow = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className + ' in ' + e.parentElement.tagName + '.' + e.parentElement.className + ' to ' + Math.round(e.getBoundingClientRect().right) + 'px').slice(0, 5).join(' ')");
        Assert.True(overflow.Length == 0, $"wider than a phone's screen: {overflow}");
        await UiWorld.ShotAsync(page, "10-inbox-phone");
    }

    [Fact]
    public async Task A_member_sees_only_what_it_may_read_and_a_hidden_proposal_is_a_404_like_a_missing_one()
    {
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Member.Secret, "/ui/proposals?status=all");

        var inbox = await page.Locator("main").InnerTextAsync();
        Assert.Contains("/org/environment.md", inbox, StringComparison.Ordinal);
        Assert.DoesNotContain("/private/", inbox, StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "11-inbox-member");

        var hidden = await page.GotoAsync($"/ui/proposals/{world.PrivateProposal.Id}");
        var hiddenText = await page.Locator("main").InnerTextAsync();
        await UiWorld.ShotAsync(page, "12-not-found");
        var missing = await page.GotoAsync("/ui/proposals/prop_01missing000000000000000000");
        var missingText = await page.Locator("main").InnerTextAsync();

        Assert.Equal(404, hidden!.Status);
        Assert.Equal(404, missing!.Status);
        Assert.Equal(missingText, hiddenText);
        Assert.DoesNotContain(world.PrivateProposal.Id, hiddenText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_token_signs_in_sees_what_its_session_may_and_cannot_reach_admin_pages()
    {
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.AgentToken);

        Assert.Contains("agent deployer", await page.Locator(".who").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Sign-ins" }).CountAsync());
        var admin = await page.GotoAsync("/ui/admin/sign-ins");

        Assert.Equal(403, admin!.Status);
        Assert.Contains("Not allowed", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "13-forbidden");
    }

    [Fact]
    public async Task A_forged_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, $"/ui/proposals/{world.PrivateProposal.Id}");

        // The browser's cookies go with it (as a cross-site form would try), but no token from the page.
        var forged = await context.APIRequest.PostAsync($"/ui/proposals/{world.PrivateProposal.Id}?handler=reject",
            new APIRequestContextOptions { Form = context.APIRequest.CreateFormData().Set("note", "forged"), MaxRedirects = 0 });
        var wrongToken = await context.APIRequest.PostAsync($"/ui/proposals/{world.PrivateProposal.Id}?handler=accept",
            new APIRequestContextOptions { Form = context.APIRequest.CreateFormData().Set("__RequestVerificationToken", "CfDJ8forged"), MaxRedirects = 0 });

        Assert.Equal(400, forged.Status);
        Assert.Equal(400, wrongToken.Status);
        Assert.Contains("Nothing was changed", await forged.TextAsync(), StringComparison.Ordinal);
        var proposal = await world.ProposalAsync(world.PrivateProposal.Id);
        Assert.Equal(ProposalStatus.Pending, proposal.Status);
        Assert.Null(proposal.DecisionNote);
        Assert.Contains("Accept", await page.Locator(".actions").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_reject_rejects_the_ticked_proposals_with_the_reason()
    {
        var agent = await world.Engine.Access.AuthenticateAsync(world.AgentToken, CancellationToken.None);
        var filed = new List<string>();
        foreach (var name in new[] { "one", "two" })
        {
            var result = await world.Engine.Memories.CreateMemoryAsync(
                agent, world.Store.Id, new CreateMemoryRequest($"/org/bulk-{name}.md", $"# {name}\n"), CancellationToken.None);
            filed.Add(Assert.IsType<Proposal>(result.Proposal).Id);
        }

        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/proposals?q=bulk-");
        Assert.Equal(2, await page.Locator("table.inbox tbody tr").CountAsync());
        foreach (var box in await page.Locator("input[name=ids]").AllAsync())
        {
            await box.CheckAsync();
        }

        await page.GetByLabel("Reason").FillAsync("duplicates of the handbook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject selected" }).ClickAsync();
        await page.WaitForURLAsync("**rejected=2**");

        Assert.Contains("Rejected 2 proposals", await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var id in filed)
        {
            var proposal = await world.ProposalAsync(id);
            Assert.Equal(ProposalStatus.Rejected, proposal.Status);
            Assert.Equal("duplicates of the handbook", proposal.DecisionNote);
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_the_old_cookie_no_longer_works()
    {
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/admin/sign-ins");
        await UiWorld.ShotAsync(page, "14-admin-sign-ins");
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "engram_ui");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/ui", cookie.Path);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/ui/sign-in");

        await using var replay = await world.ContextAsync();
        await replay.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        var again = await replay.NewPageAsync();
        await again.GotoAsync("/ui/proposals");
        Assert.Contains("/ui/sign-in", again.Url, StringComparison.Ordinal);
        var api = await replay.APIRequest.GetAsync("/ui/proposals", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(302, api.Status);
    }
}
