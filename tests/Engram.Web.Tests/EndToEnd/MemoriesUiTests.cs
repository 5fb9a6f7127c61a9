using Engram.Access;
using Engram.Memories;
using Microsoft.Playwright;

namespace Engram.Web.Tests.EndToEnd;

/// <summary>
/// The memory pages in a real browser against a real server: browse a store's tree, open a memory (its markdown
/// rendered safely, its front matter and history), diff two versions, revert and redact with confirmation, search
/// from the top bar; a member never sees a memory it may not read, and a forged POST changes nothing. Screenshots
/// go to artifacts/ui-screenshots/ (20-... onwards).
/// </summary>
public sealed class MemoriesUiTests(UiWorld world) : IClassFixture<UiWorld>
{
    private const string Runbook = "---\ntitle: Deploy runbook\ndescription: How deploys go on this team\ntags: [deploy, ops]\n---\n# Deploys\n\n- Run `make deploy` from a clean tree.\n- Watch the dashboard for ten minutes.\n";

    /// <summary>What an agent wrote: a useful line, and text that would be script if it were passed through.</summary>
    private const string RunbookByAgent = Runbook + "- Pass `--canary` first; the full rollout waits for it.\n\n<script>document.title='pwned'</script>\n\n[open the dashboard](javascript:document.title='pwned') · see [conventions](../../org/conventions.md)\n";

    private CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_person_browses_the_tree_opens_a_memory_and_sees_its_markdown_and_history_and_diffs_two_versions()
    {
        var (memory, versions) = await SeedRunbookAsync("/agents/deployer/runbook.md");
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/stores");
        await UiWorld.ShotAsync(page, "20-stores");

        await page.GetByRole(AriaRole.Link, new() { Name = "acme-payments", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/ui/stores/acme-payments/memories");
        var tree = await page.Locator(".tree-box").InnerTextAsync();
        Assert.Contains("runbook.md", tree, StringComparison.Ordinal);
        Assert.Contains("Deploy runbook", tree, StringComparison.Ordinal);
        Assert.Contains("How deploys go on this team", tree, StringComparison.Ordinal);
        Assert.Contains("Engineering conventions", tree, StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "21-memories-tree");

        await page.GetByRole(AriaRole.Link, new() { Name = "runbook.md" }).ClickAsync();
        await page.WaitForURLAsync("**/ui/stores/acme-payments/memory?path=*");
        var rendered = page.Locator(".markdown");
        Assert.Equal("Deploys", await rendered.Locator("h1").InnerTextAsync());
        Assert.Contains("--canary", await rendered.Locator("li code").Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await rendered.Locator("script").CountAsync());
        Assert.Contains("<script>", await rendered.InnerTextAsync(), StringComparison.Ordinal); // shown as text
        Assert.Equal(0, await rendered.Locator("a[href^='javascript']").CountAsync());
        Assert.Contains("open the dashboard", await rendered.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("/memory?path=%2Forg%2Fconventions.md", await rendered.GetByRole(AriaRole.Link, new() { Name = "conventions" }).GetAttributeAsync("href") ?? "", StringComparison.Ordinal);
        Assert.NotEqual("pwned", await page.TitleAsync());
        Assert.Contains("deploy", await page.Locator("table.front").InnerTextAsync(), StringComparison.Ordinal);

        var rows = page.Locator("table.history tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        var byAgent = rows.Nth(1);
        Assert.Contains("the agent learned to canary first", await byAgent.InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("/ui/sessions/sesn_", await byAgent.Locator("a[href^='/ui/sessions/']").GetAttributeAsync("href") ?? "", StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "22-memory");

        // Pick the first and the last version, in either order: the diff runs from the older.
        await page.GetByLabel($"Compare from {versions[^1]}").CheckAsync();
        await page.GetByLabel($"Compare to {versions[0]}").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare the two picked" }).ClickAsync();
        await page.WaitForURLAsync("**/diff?*");
        var diff = await page.Locator(".diff").InnerTextAsync();
        Assert.Contains("--canary", await page.Locator(".diff .added").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("ten minutes", await page.Locator(".diff .removed").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(versions[0], await page.Locator(".meta").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(memory.Id, await page.Locator(".eyebrow").InnerTextAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(diff);
        await UiWorld.ShotAsync(page, "23-memory-diff");
    }

    [Fact]
    public async Task Reverting_asks_for_confirmation_then_writes_a_new_version_with_the_old_content()
    {
        var (memory, versions) = await SeedRunbookAsync("/ops/revert-me.md");
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, $"/ui/stores/acme-payments/memory?path=/ops/revert-me.md");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Revert to {versions[0]}" }).ClickAsync();
        await page.WaitForURLAsync("**/revert?version=*");
        Assert.Contains("What reverting changes", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(memory.ContentSha256, (await world.Engine.Memories.GetMemoryAsync(world.AdminCaller, world.Store.Id, memory.Id, MemoryView.Basic, None)).ContentSha256);
        await UiWorld.ShotAsync(page, "24-memory-revert");

        await page.GetByLabel("Reason (optional)").FillAsync("back to the reviewed runbook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revert" }).ClickAsync();
        await page.WaitForURLAsync("**reverted=*");

        var now = await world.Engine.Memories.GetMemoryAsync(world.AdminCaller, world.Store.Id, memory.Id, MemoryView.Full, None);
        Assert.Equal(Runbook, now.Content);
        var version = await world.Engine.Memories.GetVersionAsync(world.AdminCaller, world.Store.Id, now.MemoryVersionId, MemoryView.Basic, None);
        Assert.Equal("back to the reviewed runbook", version.Reason);
        Assert.Contains("Reverted", await page.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(4, await page.Locator("table.history tbody tr").CountAsync());
        Assert.Contains(now.MemoryVersionId, await page.Locator("table.history tbody tr.current").InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "25-memory-reverted");
    }

    [Fact]
    public async Task Redacting_asks_for_confirmation_names_the_versions_still_holding_the_content_and_erases_it()
    {
        var admin = world.AdminCaller;
        const string Leaked = "# Access\n\nThe staging password is hunter2.\n";
        var created = (await world.Engine.Memories.CreateMemoryAsync(admin, world.Store.Id, new CreateMemoryRequest("/ops/access.md", Leaked, "notes"), None)).Value;
        var fixedUp = (await world.Engine.Memories.UpdateMemoryAsync(admin, world.Store.Id, created.Id, new UpdateMemoryRequest("# Access\n\nAsk the on-call for staging access.\n"), None)).Value;
        var restored = (await world.Engine.Memories.RevertMemoryAsync(admin, world.Store.Id, created.Id, new RevertMemoryRequest(created.MemoryVersionId), None)).Value;
        await world.Engine.Memories.UpdateMemoryAsync(admin, world.Store.Id, created.Id, new UpdateMemoryRequest("# Access\n\nAsk the on-call.\n"), None);
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, $"/ui/stores/{world.Store.Id}/memory?path=/ops/access.md");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Redact {created.MemoryVersionId}" }).ClickAsync();
        await page.WaitForURLAsync("**/redact?version=*");
        var confirm = await page.Locator("main").InnerTextAsync();
        Assert.Contains("for good", confirm, StringComparison.Ordinal);
        Assert.Contains("1 other version still holds the same content", confirm, StringComparison.Ordinal);
        Assert.Contains(restored.MemoryVersionId, await page.Locator(".leftovers").InnerTextAsync(), StringComparison.Ordinal);
        Assert.False((await world.Engine.Memories.GetVersionAsync(admin, world.Store.Id, created.MemoryVersionId, MemoryView.Basic, None)).IsRedacted);
        await UiWorld.ShotAsync(page, "26-memory-redact");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Redact {created.MemoryVersionId} for good" }).ClickAsync();
        await page.WaitForURLAsync("**redacted=*");

        var redacted = await world.Engine.Memories.GetVersionAsync(admin, world.Store.Id, created.MemoryVersionId, MemoryView.Full, None);
        Assert.True(redacted.IsRedacted);
        Assert.Null(redacted.Content);
        var notice = await page.Locator(".notice").InnerTextAsync();
        Assert.Contains($"Redacted {created.MemoryVersionId}", notice, StringComparison.Ordinal);
        Assert.Contains(restored.MemoryVersionId, notice, StringComparison.Ordinal);
        Assert.DoesNotContain(fixedUp.MemoryVersionId, notice, StringComparison.Ordinal);
        Assert.Contains("redacted", await page.Locator($"tr[id='{created.MemoryVersionId}']").InnerTextAsync(), StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "27-memory-redacted");

        // The notice echoes version ids only: a crafted link cannot make it say anything else.
        await page.GotoAsync($"/ui/stores/{world.Store.Id}/memory?path=/ops/access.md&redacted=memver_x%20call%20555&still=please%20call%20555,{restored.MemoryVersionId}");
        Assert.Equal(0, await page.Locator(".notice").CountAsync());
        Assert.DoesNotContain("555", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_from_the_top_bar_finds_a_memory_with_its_words_highlighted_and_links_to_it()
    {
        await SeedRunbookAsync("/ops/search-me.md");
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, "/ui/proposals");

        await page.Locator("#top-q").FillAsync("canary rollout");
        await page.Locator("#top-q").PressAsync("Enter");
        await page.WaitForURLAsync("**/ui/search?*");

        var hit = page.Locator(".results li").Filter(new() { HasText = "/ops/search-me.md" });
        Assert.Equal(1, await hit.CountAsync());
        Assert.Contains("How deploys go on this team", await hit.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("keyword", await hit.Locator(".hit-meta").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("canary", (await hit.Locator(".snippet mark").AllInnerTextsAsync()).Select(t => t.ToLowerInvariant()));
        await UiWorld.ShotAsync(page, "28-search");

        await hit.GetByRole(AriaRole.Link, new() { Name = "/ops/search-me.md" }).ClickAsync();
        await page.WaitForURLAsync("**/memory?path=*");
        Assert.Equal("/ops/search-me.md", await page.Locator("#memory-title").InnerTextAsync());
        Assert.Equal("acme-payments", await page.Locator("#top-store option:checked").InnerTextAsync());
    }

    [Fact]
    public async Task A_member_never_sees_a_memory_it_may_not_read_and_a_hidden_one_is_the_same_404_as_a_missing_one()
    {
        var salaries = await world.Engine.Memories.GetMemoryByPathAsync(world.AdminCaller, world.Store.Id, "/private/salaries.md", MemoryView.Basic, None);
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Member.Secret, "/ui/stores/acme-payments/memories");

        var tree = await page.Locator("main").InnerTextAsync();
        Assert.Contains("conventions.md", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("private", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("salaries", tree, StringComparison.Ordinal);
        await UiWorld.ShotAsync(page, "29-memories-member");

        var hidden = await page.GotoAsync("/ui/stores/acme-payments/memory?path=/private/salaries.md");
        var hiddenText = await page.Locator("main").InnerTextAsync();
        var byId = await page.GotoAsync($"/ui/stores/acme-payments/memory?id={salaries.Id}");
        var byIdText = await page.Locator("main").InnerTextAsync();
        var history = await page.GotoAsync($"/ui/stores/acme-payments/diff?from={salaries.MemoryVersionId}");
        var missing = await page.GotoAsync("/ui/stores/acme-payments/memory?path=/private/bonus-plans.md");
        var missingText = await page.Locator("main").InnerTextAsync();

        Assert.Equal([404, 404, 404, 404], new[] { hidden!.Status, byId!.Status, history!.Status, missing!.Status });
        Assert.Equal(missingText, hiddenText);
        Assert.Equal(missingText, byIdText);
        Assert.DoesNotContain("salaries", hiddenText, StringComparison.Ordinal);

        // In every store the member can see: a dream's copy made before the deny rule was added follows its source's rules.
        await page.GotoAsync("/ui/search?q=confidential");
        Assert.True(await page.Locator(".results li").CountAsync() == 0, await page.Locator("main").InnerTextAsync());
        Assert.Contains("Nothing you may read matches", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_post_to_revert_or_redact_is_refused_and_changes_nothing()
    {
        var (memory, versions) = await SeedRunbookAsync("/ops/forged.md");
        await using var context = await world.ContextAsync();
        var page = await UiWorld.SignInAsync(context, world.Admin.Secret, $"/ui/stores/acme-payments/revert?version={versions[0]}");

        var revert = await context.APIRequest.PostAsync($"/ui/stores/acme-payments/revert?version={versions[0]}",
            new APIRequestContextOptions { Form = context.APIRequest.CreateFormData().Set("reason", "forged"), MaxRedirects = 0 });
        var redact = await context.APIRequest.PostAsync($"/ui/stores/acme-payments/redact?version={versions[1]}",
            new APIRequestContextOptions { Form = context.APIRequest.CreateFormData().Set("__RequestVerificationToken", "CfDJ8forged"), MaxRedirects = 0 });

        Assert.Equal(400, revert.Status);
        Assert.Equal(400, redact.Status);
        Assert.Contains("Nothing was changed", await revert.TextAsync(), StringComparison.Ordinal);
        var now = await world.Engine.Memories.GetMemoryAsync(world.AdminCaller, world.Store.Id, memory.Id, MemoryView.Basic, None);
        Assert.Equal(versions[^1], now.MemoryVersionId);
        Assert.False((await world.Engine.Memories.GetVersionAsync(world.AdminCaller, world.Store.Id, versions[1], MemoryView.Basic, None)).IsRedacted);
        Assert.Equal(3, (await world.Engine.Memories.ListVersionsAsync(world.AdminCaller, world.Store.Id, new VersionListQuery(MemoryId: memory.Id), None)).Data.Count);
        Assert.Contains("Revert", await page.Locator("form.confirm-form").InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>A memory with three versions: a person's, the deployer agent's in its session (with script-like text), a person's edit; oldest first.</summary>
    private async Task<(Memory Memory, string[] Versions)> SeedRunbookAsync(string path)
    {
        var admin = world.AdminCaller;
        var agent = await world.Engine.Access.AuthenticateAsync(world.AgentToken, None);
        var first = (await world.Engine.Memories.CreateMemoryAsync(admin, world.Store.Id, new CreateMemoryRequest(path, Runbook, "the team's runbook"), None)).Value;
        var writer = path.StartsWith("/agents/deployer/", StringComparison.Ordinal) ? agent : admin;
        var second = (await world.Engine.Memories.UpdateMemoryAsync(writer, world.Store.Id, first.Id, new UpdateMemoryRequest(RunbookByAgent, Reason: "the agent learned to canary first"), None)).Value;
        var third = (await world.Engine.Memories.UpdateMemoryAsync(admin, world.Store.Id, first.Id,
            new UpdateMemoryRequest(RunbookByAgent.Replace("- Watch the dashboard for ten minutes.\n", "", StringComparison.Ordinal), Reason: "the dashboard step moved to the checklist"), None)).Value;
        return (third, [first.MemoryVersionId, second.MemoryVersionId, third.MemoryVersionId]);
    }
}
