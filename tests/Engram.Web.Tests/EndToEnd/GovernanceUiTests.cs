using System.Text.RegularExpressions;
using Engram.Access;
using Engram.Access.Audit;
using Engram.Client;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;
using Engram.Sessions;
using Microsoft.Playwright;

namespace Engram.Web.Tests.EndToEnd;

/// <summary>
/// The dream, session and governance pages in a real browser against a real server whose worker runs dreams: a
/// person starts a dream from the form (estimate first), follows it to its proposals and considered patterns, cancels
/// a running one, reads a session's failures and what it wrote, filters the audit log, asks the policy tester, revokes
/// a key and ends a session; a member or an agent's session token is kept out of admin pages, and a forged form is
/// refused. Every page is saved as a screenshot (40-...).
/// </summary>
public sealed class GovernanceUiTests(GovernanceWorld world) : IClassFixture<GovernanceWorld>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private LocalEngramClient Admin => new(world.Engine, world.AdminCaller);

    private static async Task<string> MainTextAsync(IPage page) => await page.Locator("main").InnerTextAsync();

    /// <summary>Until the page's URL matches <paramref name="pattern"/>: polled, since waiting for the navigation event now and then missed one on a busy machine.</summary>
    private static async Task AtAsync(IPage page, string pattern)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(pattern), new() { Timeout = 15_000 });
        await UiWorld.LoadedAsync(page);
    }

    [Fact]
    public async Task A_dream_started_from_the_form_is_estimated_first_then_created_and_its_page_follows_it_to_its_proposals_and_patterns()
    {
        var web = await Admin.CreateStoreAsync(new CreateStoreRequest("acme-web", "What the web team knows"));
        var dreamsBefore = (await world.Engine.Dreams.ListAsync(world.AdminCaller, new DreamListQuery(Limit: 100), None)).Data.Count;
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/dreams");
        Assert.Contains(world.Dream.Id, await MainTextAsync(page), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "40-dreams");

        await page.GetByRole(AriaRole.Link, new() { Name = "Start a dream" }).ClickAsync();
        await AtAsync(page, "/ui/dreams/new$");
        await page.Locator("#store").SelectOptionAsync(new SelectOptionValue { Label = "acme-web" });
        await page.GetByLabel("Every session you can see").CheckAsync();
        await page.GetByLabel("Instructions (optional)").FillAsync("Ignore remember requests.");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Start the dream" }).CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();

        // The estimate comes first, and nothing exists yet.
        var estimate = page.Locator(".estimate");
        await Assertions.Expect(estimate).ToContainTextAsync("nothing was written");
        var estimated = await estimate.InnerTextAsync();
        Assert.Contains("Events", estimated, StringComparison.Ordinal);
        Assert.Contains("the rule-based analyzers run alone", estimated, StringComparison.Ordinal);
        Assert.Matches(@"Sessions\s+1[0-9]", estimated);
        Assert.Equal(dreamsBefore, (await world.Engine.Dreams.ListAsync(world.AdminCaller, new DreamListQuery(Limit: 100), None)).Data.Count);
        await UiWorld.ShotAsync(page, "41-dream-new-estimate");

        // Confirmed: the server's worker runs it, and its page refreshes itself until it completes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the dream" }).ClickAsync();
        await AtAsync(page, "/ui/dreams/drm_[0-9A-Za-z]+$");
        var dreamId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(page.Locator("#dream-status")).ToHaveTextAsync("completed", new() { Timeout = 20_000 });
        await UiWorld.LoadedAsync(page);
        var dream = await world.Engine.Dreams.GetAsync(world.AdminCaller, dreamId, None);
        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal(web.Id, dream.StoreId);
        Assert.Equal("Ignore remember requests.", dream.Instructions);

        var text = await MainTextAsync(page);
        Assert.Contains("How the rules read them", text, StringComparison.Ordinal);
        Assert.True(dream.Progress.Proposals > 0, "the dream proposed nothing");
        Assert.Equal(dream.Progress.Proposals, await page.Locator("#proposals + p + table tbody tr").CountAsync());
        Assert.Contains($"dream={dreamId}", await page.GetByRole(AriaRole.Link, new() { Name = "Review them in the inbox" }).GetAttributeAsync("href") ?? "", StringComparison.Ordinal);
        var patterns = page.Locator("table.patterns tbody tr");
        Assert.True(await patterns.CountAsync() >= dream.Progress.Proposals);
        var dropped = page.Locator("table.patterns tr.dropped", new() { HasText = "instruction" });
        Assert.True(await dropped.CountAsync() > 0, "no pattern dropped by the instruction: " + text);
        await UiWorld.ShotAsync(page, "42-dream");

        await page.Locator("#proposals + p + table tbody a").First.ClickAsync();
        await AtAsync(page, "/ui/proposals/prop_");
        Assert.Contains(dreamId, await MainTextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_dream_is_canceled_behind_a_confirmation_and_files_nothing()
    {
        var created = await world.Engine.Dreams.CreateAsync(world.AdminCaller,
            new CreateDreamRequest(world.Store.Id, new SessionSelection([], All: true), new DreamModel(GovernanceWorld.HeldModel)), None);
        try
        {
            await world.HeldDreamEntered.WaitAsync(TimeSpan.FromSeconds(20));
            await using var context = await world.ContextAsync();
            var page = await UiWorld.SignInAsync(context, world.Admin.Secret, $"/ui/dreams/{created.Id}");
            Assert.Equal("running", await page.Locator("#dream-status").TextContentAsync());
            Assert.Equal("2", await page.Locator(".live [data-refresh]").GetAttributeAsync("data-refresh"));

            await page.GetByRole(AriaRole.Link, new() { Name = "Cancel…" }).ClickAsync();
            await AtAsync(page, "cancel=true");
            Assert.Equal(0, await page.Locator("[data-refresh]").CountAsync());
            await UiWorld.ShotAsync(page, "43-dream-cancel");
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the dream" }).ClickAsync();
            await AtAsync(page, $"/ui/dreams/{created.Id}$");

            Assert.Equal("canceled", await page.Locator("#dream-status").TextContentAsync());
        }
        finally
        {
            world.ReleaseHeld();
        }

        var ended = await world.FinishedAsync(created.Id);
        Assert.Equal(DreamStatus.Canceled, ended.Status);
        Assert.Empty((await world.Engine.Review.ListAsync(world.AdminCaller, world.Store.Id, new Engram.Review.ProposalListQuery(null, 100, null, created.Id), None)).Data);
        var audit = await world.Engine.Audit.ListAsync(world.AdminCaller, new AuditQuery(Action: "dream.cancel"), None);
        Assert.Contains(audit.Data, e => e.Target == created.Id && e.Actor == world.AdminCaller.Actor);
    }

    [Fact]
    public async Task Sessions_are_browsed_by_agent_and_a_transcript_marks_its_failure_and_lists_the_versions_it_wrote()
    {
        var registered = await Admin.RegisterSessionAsync(new RegisterSessionRequest("builder", "build the release",
            Stores: [new SessionAttachment(world.Store.Id, AttachmentAccess.ReadWrite, "")]));
        var agent = await world.Engine.Access.AuthenticateAsync(registered.Token, None);
        var at = DateTimeOffset.UtcNow;
        await world.Engine.Sessions.AppendEventsAsync(agent, registered.Session.Id,
        [
            new(TranscriptEventKind.UserMessage, "b0", at, "Build the release, and note how it is done."),
            new(TranscriptEventKind.ToolUse, "b1", at.AddSeconds(1), null, ToolUseId: "t1", ToolName: "Bash", ToolInput: "{\"command\":\"make release\"}"),
            new(TranscriptEventKind.ToolResult, "b2", at.AddSeconds(2), "make: *** No rule to make target 'release'.  Stop.", ToolUseId: "t1", ToolName: "Bash", IsError: true),
            new(TranscriptEventKind.AgentMessage, "b3", at.AddSeconds(3), "The target is called dist; noting it."),
        ], None);
        await world.Engine.Memories.CreateMemoryAsync(agent, world.Store.Id,
            new CreateMemoryRequest("/agents/builder/notes.md", "# Notes\n\n- `make dist` builds the release.\n", "the release target"), None);

        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/sessions");
        Assert.True(await page.Locator("table.list tbody tr").CountAsync() >= 12);
        await page.GetByLabel("Agent").FillAsync("builder");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await AtAsync(page, "agent=builder");
        var rows = page.Locator("table.list tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        var row = await rows.InnerTextAsync();
        Assert.Contains("live", row, StringComparison.Ordinal);
        Assert.Contains("4", row, StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "44-sessions");

        await page.GetByRole(AriaRole.Link, new() { Name = "build the release" }).ClickAsync();
        await AtAsync(page, $"/ui/sessions/{registered.Session.Id}$");
        var failed = page.Locator(".event.failed");
        Assert.Equal(1, await failed.CountAsync());
        Assert.Contains("No rule to make target", await failed.InnerTextAsync(), StringComparison.Ordinal);
        var written = page.Locator(".written a.path");
        Assert.Equal("/agents/builder/notes.md", await written.InnerTextAsync());
        Assert.Equal($"/ui/stores/{world.Store.Id}/memory?path=%2Fagents%2Fbuilder%2Fnotes.md", await written.GetAttributeAsync("href"));
        await UiWorld.ShotAsync(page, "45-transcript-written");
    }

    [Fact]
    public async Task The_audit_log_filters_to_the_denials_of_one_action_and_a_member_sees_only_its_own()
    {
        // A session token asks for a store's policies: refused, and the library records the refusal.
        await using (var agentContext = await world.ContextAsync())
        {
            var agentPage = await UiWorld.SignInAsync(agentContext, world.AgentToken);
            var refused = await agentPage.GotoAsync($"/ui/stores/{world.Store.Id}/policies");
            Assert.Equal(403, refused!.Status);
        }

        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/audit");
        Assert.Contains("dream.create", await MainTextAsync(page), StringComparison.Ordinal);
        await page.GetByLabel("Action").FillAsync("policy.list");
        await page.GetByLabel("Denied only").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await AtAsync(page, "denied=true");

        var rows = page.Locator("table.audit tbody tr");
        Assert.True(await rows.CountAsync() >= 1);
        foreach (var row in await rows.AllAsync())
        {
            var text = await row.TextContentAsync();
            Assert.Contains("policy.list", text, StringComparison.Ordinal);
            Assert.Contains("denied", text, StringComparison.Ordinal);
        }

        Assert.Contains("session sesn_", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "46-audit-denied");

        await using var memberContext = await world.ContextAsync();
        var member = await UiWorld.SignInAsync(memberContext, world.Member.Secret, "/ui/audit?action=dream.create");
        Assert.Equal(0, await member.Locator("table.audit tbody tr").CountAsync());
    }

    [Fact]
    public async Task The_policy_tester_answers_denied_and_allowed_naming_the_deciding_rule()
    {
        var mia = world.Member.Key.PrincipalId;
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/stores/acme-payments/policies");
        Assert.Contains("members do not see pay", await page.Locator("table.rules").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Subject").FillAsync(mia);
        await page.GetByLabel("Path", new() { Exact = true }).FillAsync("/private/salaries.md");
        await page.GetByLabel("Capability").SelectOptionAsync("read");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test" }).ClickAsync();
        await AtAsync(page, "capability=read");
        var verdict = await page.Locator("#verdict").InnerTextAsync();
        Assert.StartsWith("Denied", verdict, StringComparison.Ordinal);
        Assert.Contains("denied by pol_", verdict, StringComparison.Ordinal);
        Assert.Contains("/private/**", await page.Locator("table.rules tr.deciding").InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "47-policies-tester");

        await page.GetByLabel("Path", new() { Exact = true }).FillAsync("/org/conventions.md");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test" }).ClickAsync();
        await AtAsync(page, "conventions");
        verdict = await page.Locator("#verdict").InnerTextAsync();
        Assert.StartsWith("Allowed", verdict, StringComparison.Ordinal);
        Assert.Contains("allowed by pol_", verdict, StringComparison.Ordinal);
        Assert.Contains("kind:user", await page.Locator("table.rules tr.deciding").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_revokes_a_key_behind_a_confirmation_and_it_can_no_longer_sign_in()
    {
        var sam = await Admin.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "sam"));
        var key = await Admin.CreateApiKeyAsync(new CreateApiKeyRequest("sams-laptop", sam.Id));
        await using var samContext = await world.ContextAsync();
        var samPage = await UiWorld.SignInAsync(samContext, key.Secret);

        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/admin/keys");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Revoke sams-laptop ({key.Key.Id})" }).ClickAsync();
        await AtAsync(page, "revoke=apikey_");
        Assert.False((await world.Engine.Access.ListApiKeysAsync(world.AdminCaller, None)).Single(k => k.Id == key.Key.Id).IsRevoked);
        await UiWorld.ShotAsync(page, "48-admin-keys-revoke");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the key" }).ClickAsync();
        await AtAsync(page, "revoked=apikey_");
        Assert.Contains("Revoked", await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True((await world.Engine.Access.ListApiKeysAsync(world.AdminCaller, None)).Single(k => k.Id == key.Key.Id).IsRevoked);

        // The browser signed in with it is out at its next request, and the key signs in no more.
        await samPage.GotoAsync("/ui/proposals");
        Assert.Contains("/ui/sign-in", samPage.Url, StringComparison.Ordinal);
        await samPage.GetByLabel("API key").FillAsync(key.Secret);
        await samPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(samPage.Locator("#api_key-error")).ToContainTextAsync("not accepted");
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => world.Engine.Access.AuthenticateAsync(key.Secret, None));
    }

    [Fact]
    public async Task An_admin_ends_an_agent_session_behind_a_confirmation_and_its_token_stops_working()
    {
        var registered = await Admin.RegisterSessionAsync(new RegisterSessionRequest("runner", "nightly run"));
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/admin/sessions");
        await page.GetByRole(AriaRole.Link, new() { Name = $"End the session of runner ({registered.Session.Id})" }).ClickAsync();
        await AtAsync(page, "end=sesn_");
        await UiWorld.ShotAsync(page, "49-admin-sessions-end");
        await page.GetByRole(AriaRole.Button, new() { Name = "End the session" }).ClickAsync();
        await AtAsync(page, "ended=sesn_");

        Assert.Equal(0, await page.Locator($"#session-{registered.Session.Id}").CountAsync());
        Assert.NotNull((await world.Engine.Access.GetSessionAsync(world.AdminCaller, registered.Session.Id, None)).EndedAt);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => world.Engine.Access.AuthenticateAsync(registered.Token, None));
    }

    [Fact]
    public async Task A_member_and_a_session_token_get_403_on_admin_pages_and_learn_nothing_of_dreams_they_may_not_see()
    {
        await using var memberContext = await world.ContextAsync();
        var member = await UiWorld.SignInAsync(memberContext, world.Member.Secret, "/ui/dreams");
        Assert.Equal(0, await member.Locator("summary", new() { HasText = "Admin" }).CountAsync());
        Assert.DoesNotContain(world.Dream.Id, await MainTextAsync(member), StringComparison.Ordinal);
        foreach (var path in new[] { "/ui/admin/keys", "/ui/admin/sessions", "/ui/admin/keys?revoke=" + world.Member.Key.Id })
        {
            Assert.Equal(403, (await member.GotoAsync(path))!.Status);
        }

        var hidden = await member.GotoAsync($"/ui/dreams/{world.Dream.Id}");
        var hiddenText = await MainTextAsync(member);
        var missing = await member.GotoAsync("/ui/dreams/drm_01missing000000000000000000");
        Assert.Equal(404, hidden!.Status);
        Assert.Equal(404, missing!.Status);
        Assert.Equal(await MainTextAsync(member), hiddenText);
        Assert.DoesNotContain(world.Dream.Id, hiddenText, StringComparison.Ordinal);

        await using var agentContext = await world.ContextAsync();
        var agent = await UiWorld.SignInAsync(agentContext, world.AgentToken);
        foreach (var path in new[] { "/ui/admin/keys", "/ui/admin/sessions" })
        {
            Assert.Equal(403, (await agent.GotoAsync(path))!.Status);
        }

        await UiWorld.ShotAsync(agent, "50-admin-keys-forbidden");
    }

    [Fact]
    public async Task Forged_posts_to_revoke_create_a_dream_or_cancel_one_are_refused_and_change_nothing()
    {
        await using var context = await world.ContextAsync();
        await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/admin/keys");
        var dreams = (await world.Engine.Dreams.ListAsync(world.AdminCaller, new DreamListQuery(Limit: 100), None)).Data.Count;

        var revoke = await context.APIRequest.PostAsync("/ui/admin/keys?handler=revoke",
            new() { Form = context.APIRequest.CreateFormData().Set("id", world.Member.Key.Id), MaxRedirects = 0 });
        var create = await context.APIRequest.PostAsync("/ui/dreams/new?handler=create",
            new() { Form = context.APIRequest.CreateFormData().Set("store", world.Store.Id).Set("sessions", "all").Set("model", "rules"), MaxRedirects = 0 });
        var cancel = await context.APIRequest.PostAsync($"/ui/dreams/{world.Dream.Id}?handler=cancel",
            new() { Form = context.APIRequest.CreateFormData().Set("__RequestVerificationToken", "CfDJ8forged"), MaxRedirects = 0 });

        Assert.Equal(400, revoke.Status);
        Assert.Equal(400, create.Status);
        Assert.Equal(400, cancel.Status);
        Assert.Contains("Nothing was changed", await revoke.TextAsync(), StringComparison.Ordinal);
        Assert.False((await world.Engine.Access.ListApiKeysAsync(world.AdminCaller, None)).Single(k => k.Id == world.Member.Key.Id).IsRevoked);
        Assert.Equal(dreams, (await world.Engine.Dreams.ListAsync(world.AdminCaller, new DreamListQuery(Limit: 100), None)).Data.Count);
    }
}
