using System.Text.RegularExpressions;
using CsCheck;
using Engram.Access;
using Engram.Errors;

namespace Engram.Search.Tests;

/// <summary>The memory section: what it holds, in what order, within the budget, and the same every time.</summary>
public sealed partial class ContextTests : IAsyncLifetime
{
    private SearchWorld _world = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _world = await SearchWorld.StartAsync();
        _store = await _world.StoreAsync("team", "What the platform team knows.", semantic: false, staleAfterDays: 365);
        await _world.WriteAsync(_store,
            ("/README.md", "---\ntitle: Start here\ndescription: Conventions of this store.\npin: true\n---\nAlways write dates as YYYY-MM-DD.\n"),
            ("/skills/deploy/SKILL.md", "---\nname: deploy-service\ndescription: Deploy a service to production with canaries.\n---\n# Steps\n\nSECRET-BODY-LINE never in the index.\n"),
            ("/skills/bad/SKILL.md", "---\nname: Not A Valid Name\ndescription: x\n---\nbody\n"),
            ("/runbooks/db.md", "intro\n\n## Database failover\n\nPromote the replica.\n"),
            ("/runbooks/old-vpn.md", "---\ndescription: Connect through the old VPN.\nexpires: 2020-01-01\n---\nbody\n"),
            ("/runbooks/unverified.md", "---\ndescription: Checked long ago.\nverified: 2019-05-01\n---\nbody\n"),
            ("/notes/broken.md", "---\ntitle: [unclosed\n---\nbody\n"));
        for (var i = 0; i < 60; i++)
        {
            await _world.WriteAsync(_store, ($"/{(char)('a' + i % 6)}/note-{i:00}.md", $"---\ndescription: Note number {i} about the platform.\n---\nbody {i}\n"));
        }
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private Task<MemorySection> BuildAsync(int budget, bool memoryTool = false) =>
        _world.Admin.BuildContextAsync(new ContextRequest(budget, [_store], MemoryTool: memoryTool));

    [Fact]
    public async Task It_holds_the_store_pinned_files_skills_and_an_index_with_one_line_descriptions()
    {
        var text = (await BuildAsync(20_000)).Text;
        Assert.StartsWith("# Memory\n", text, StringComparison.Ordinal);
        Assert.Contains($"## Store team ({_store})\nWhat the platform team knows.\n", text, StringComparison.Ordinal);
        Assert.Contains("### /README.md\n---\ntitle: Start here", text, StringComparison.Ordinal);
        Assert.Contains("Always write dates as YYYY-MM-DD.", text, StringComparison.Ordinal);
        Assert.Contains("- deploy-service: Deploy a service to production with canaries. (/skills/deploy/SKILL.md)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-BODY-LINE", text, StringComparison.Ordinal);
        Assert.Contains("- /runbooks/db.md — Database failover\n", text, StringComparison.Ordinal);
        Assert.Contains("- /runbooks/old-vpn.md — Connect through the old VPN. (stale)\n", text, StringComparison.Ordinal);
        Assert.Contains("- /runbooks/unverified.md — Checked long ago. (stale)\n", text, StringComparison.Ordinal);
        Assert.Matches(@"- /notes/broken\.md \(front matter: [^)]+\)", text);
        Assert.Matches(@"- /skills/bad/SKILL\.md — x \(front matter: skill name ""Not A Valid Name"" must be", text);
        Assert.DoesNotContain(ContextBuilder.MemoryToolProtocol, text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("### /README.md", StringComparison.Ordinal) < text.IndexOf("### Skills", StringComparison.Ordinal));
        Assert.True(text.IndexOf("### Skills", StringComparison.Ordinal) < text.IndexOf("### Index", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_memory_tool_protocol_comes_first_when_the_tool_is_in_use()
    {
        var text = (await BuildAsync(20_000, memoryTool: true)).Text;
        Assert.StartsWith("# Memory\n\n" + ContextBuilder.MemoryToolProtocol, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_memory_tool_every_path_is_shown_as_the_memory_tool_names_it()
    {
        var text = (await BuildAsync(20_000, memoryTool: true)).Text;
        Assert.Contains("\n### /memories/README.md\n", text, StringComparison.Ordinal);
        Assert.Contains("- deploy-service: Deploy a service to production with canaries. (/memories/skills/deploy/SKILL.md)", text, StringComparison.Ordinal);
        Assert.Contains("- /memories/runbooks/db.md — Database failover\n", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^(- |### )/(?!memories/)", text);
        Assert.DoesNotContain("Memory tool: pass", text, StringComparison.Ordinal); // one store: /memories is it

        var cut = (await BuildAsync(300, memoryTool: true)).Text;
        Assert.Matches(@"(?m)^… \d+ more under /memories/[a-z]+/$", cut);
        Assert.DoesNotMatch(@"(?m)^… \d+ more under /(?!memories/)", cut);
    }

    [Fact]
    public async Task A_session_gets_its_attached_stores_with_their_instructions()
    {
        var other = await _world.StoreAsync("other", "Not attached.", semantic: false);
        var (session, sessionId) = await _world.SessionAsync("builder", new SessionAttachment(_store, AttachmentAccess.ReadOnly, "Read the runbooks before changing anything."));
        var text = (await session.BuildContextAsync(new ContextRequest(20_000))).Text;
        Assert.Contains("Instructions: Read the runbooks before changing anything.\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(other, text, StringComparison.Ordinal);
        Assert.Equal(text, (await _world.Admin.BuildContextAsync(new ContextRequest(20_000, SessionId: sessionId))).Text);

        var stranger = await _world.MemberAsync("stranger");
        Assert.Equal("session", (await Assert.ThrowsAsync<NotFoundException>(() => stranger.BuildContextAsync(new ContextRequest(SessionId: sessionId)))).Kind);
    }

    [Fact]
    public async Task It_never_exceeds_the_budget_and_counts_its_tokens_with_the_tokenizer() =>
        await Gen.Int[1, 2_500].SampleAsync(async budget =>
        {
            var section = await BuildAsync(budget, memoryTool: budget % 2 == 0);
            Assert.Equal(ContextBuilder.CountTokens(section.Text), section.Tokens);
            Assert.True(section.Tokens <= budget, $"{section.Tokens} tokens for a budget of {budget}");
            Assert.Equal(budget, section.Budget);
        }, iter: 60, threads: 1);

    [Fact]
    public async Task A_budget_only_the_cut_mark_fits_in_gives_a_section_without_the_descriptions()
    {
        var section = await BuildAsync(1, memoryTool: false);
        Assert.True(section.Truncated);
        Assert.True(section.Tokens <= 1, $"{section.Tokens} tokens for a budget of 1");
    }

    [Fact]
    public async Task What_is_cut_is_counted_in_more_under_lines()
    {
        var full = await BuildAsync(20_000);
        Assert.False(full.Truncated);
        var total = IndexLine().Matches(full.Text).Count;
        Assert.Equal(65, total);

        var section = await BuildAsync(400);
        Assert.True(section.Truncated);
        var shown = IndexLine().Matches(section.Text).Count;
        var more = MoreLine().Matches(section.Text).Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(shown, 1, total - 1);
        Assert.Equal(total, shown + more);
        Assert.Contains("- deploy-service:", section.Text, StringComparison.Ordinal);
        Assert.Contains("more under /f/", section.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_memory_too_long_for_the_budget_is_listed_instead()
    {
        var store = await _world.StoreAsync("pins", semantic: false);
        await _world.WriteAsync(store,
            ("/big.md", "---\npin: true\n---\n" + string.Concat(Enumerable.Repeat("A long pinned paragraph that will not fit. ", 200))),
            ("/small.md", "---\npin: true\n---\nShort and pinned.\n"));
        var text = (await _world.Admin.BuildContextAsync(new ContextRequest(300, [store]))).Text;
        Assert.DoesNotContain("will not fit", text, StringComparison.Ordinal);
        Assert.Contains("- /big.md (pinned; too long for the budget)\n", text, StringComparison.Ordinal);
        Assert.Contains("### /small.md\n---\npin: true\n---\nShort and pinned.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_store_and_budget_give_the_same_text_even_after_a_restart()
    {
        var budgets = new[] { 100, 300, 1_000, 20_000 };
        var before = new List<string>();
        foreach (var budget in budgets)
        {
            before.Add((await BuildAsync(budget)).Text);
            Assert.Equal(before[^1], (await BuildAsync(budget)).Text);
        }

        await _world.ReopenAsync();
        for (var i = 0; i < budgets.Length; i++)
        {
            Assert.Equal(before[i], (await BuildAsync(budgets[i])).Text);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(ContextBuilder.MaxBudget + 1)]
    public async Task A_budget_out_of_range_is_refused_naming_budget(int budget) =>
        Assert.Equal("budget", (await Assert.ThrowsAsync<InvalidRequestException>(() => BuildAsync(budget))).Field);

    [Fact]
    public async Task The_catalog_reports_staleness_skills_and_front_matter_errors()
    {
        var entries = (await _world.Admin.CatalogAsync(_store, new CatalogRequest(Limit: 1_000))).Entries.ToDictionary(e => e.Path);
        Assert.Equal(67, entries.Count);
        Assert.True(entries["/runbooks/old-vpn.md"].Stale);
        Assert.True(entries["/runbooks/unverified.md"].Stale);
        Assert.False(entries["/runbooks/db.md"].Stale);
        Assert.Equal("Database failover", entries["/runbooks/db.md"].Summary);
        Assert.True(entries["/README.md"].Pinned);
        Assert.Equal("deploy-service", entries["/skills/deploy/SKILL.md"].SkillName);
        Assert.NotNull(entries["/notes/broken.md"].FrontMatterError);
        Assert.Equal(["/runbooks/old-vpn.md", "/runbooks/unverified.md"], (await _world.Admin.CatalogAsync(_store, new CatalogRequest(Stale: true))).Entries.Select(e => e.Path));

        var first = await _world.Admin.CatalogAsync(_store, new CatalogRequest("/a/", Limit: 4));
        var second = await _world.Admin.CatalogAsync(_store, new CatalogRequest("/a/", Limit: 100, Page: first.NextPage));
        Assert.Equal(entries.Keys.Where(p => p.StartsWith("/a/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), first.Entries.Concat(second.Entries).Select(e => e.Path));
        Assert.Null(second.NextPage);
    }

    [GeneratedRegex(@"^- /.*$", RegexOptions.Multiline)]
    private static partial Regex IndexLine();

    [GeneratedRegex(@"^… (\d+) more (?:under|in)", RegexOptions.Multiline)]
    private static partial Regex MoreLine();
}
