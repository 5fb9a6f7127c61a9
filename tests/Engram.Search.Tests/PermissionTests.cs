using System.Text.Json;
using CsCheck;
using Engram.Access;
using Engram.Access.Policies;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Wire;

namespace Engram.Search.Tests;

/// <summary>Search, snippets, the catalog and the memory section never reveal a path or text the caller may not read.</summary>
public sealed class PermissionTests : IAsyncLifetime
{
    // Words that occur only in the private memories: any appearance in what a reader without access gets is a leak.
    private static readonly string[] Secrets = ["zanzibar", "Compensation bands", "/private/", "salaries", "hunter2"];

    private SearchWorld _world = null!;
    private string _store = null!;
    private IEngramClient _support = null!;
    private IEngramClient _member = null!;
    private string _supportSession = null!;

    public async Task InitializeAsync()
    {
        _world = await SearchWorld.StartAsync();
        _store = await _world.StoreAsync("people", "People operations.");
        await _world.Admin.AddPolicyAsync(new AddPolicyRequest(_store, "agent:support", "/private/**", ["read", "list"], "deny", "support never sees private files"));
        await _world.Admin.AddPolicyAsync(new AddPolicyRequest(_store, "group:contractors", "/private/**", ["read", "list"], "deny", "contractors never see private files"));
        await _world.WriteAsync(_store,
            ("/private/salaries.md", "---\ntitle: Compensation bands\ndescription: zanzibar salaries by level\npin: true\n---\n# Compensation\n\nLevel 3 earns the zanzibar band. Deploy bonuses are paid quarterly.\n"),
            ("/private/credentials.md", "# Root credentials\n\nThe zanzibar admin password is hunter2. Rotate after every deploy.\n"),
            ("/private/skills/payroll/SKILL.md", "---\nname: payroll-run\ndescription: Run zanzibar payroll\n---\nSteps with salaries.\n"),
            ("/public/handbook.md", "---\ntitle: Handbook\ndescription: How we work.\n---\n# Handbook\n\nAsk questions early. Deploys happen on weekdays.\n"),
            ("/public/benefits.md", "# Benefits\n\nHealth cover, pension and a learning budget. Compensation questions go to people ops.\n"));
        for (var i = 0; i < 30; i++)
        {
            await _world.WriteAsync(_store, ($"/private/deploys/{i:00}.md", $"# Deploy {i}\n\ndeploy deploy deploy zanzibar rollout {i}\n"));
        }

        for (var i = 0; i < 5; i++)
        {
            await _world.WriteAsync(_store, ($"/public/deploys/{i:00}.md", $"# Deploy notes {i}\n\nOne deploy on weekday {i}.\n"));
        }

        (_support, _supportSession) = await _world.SessionAsync("support", new SessionAttachment(_store, AttachmentAccess.ReadOnly, "Answer people questions."));
        _member = await _world.MemberAsync("casey", "contractors");
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private IEnumerable<(string Name, IEngramClient Client)> Readers() => [("support session", _support), ("contractor", _member)];

    private static void AssertNoLeak(string who, object output)
    {
        var text = output as string ?? JsonSerializer.Serialize(output, WireJson.Options);
        foreach (var secret in Secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{who} saw \"{secret}\" in: {text}");
        }
    }

    [Theory]
    [InlineData(SearchMode.Keyword)]
    [InlineData(SearchMode.Semantic)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Search_results_and_snippets_hold_only_readable_memories(SearchMode mode)
    {
        foreach (var query in new[] { "zanzibar", "compensation salaries", "\"admin password\"", "deploy", "payroll-run", "private" })
        {
            var everything = await _world.Admin.SearchAsync(_store, new SearchRequest(query, mode, Limit: 100));
            if (query is "zanzibar" or "compensation salaries")
            {
                Assert.Contains(everything.Results, r => r.Path.StartsWith("/private/", StringComparison.Ordinal));
            }

            foreach (var (who, client) in Readers())
            {
                var seen = await client.SearchAsync(_store, new SearchRequest(query, mode, Limit: 100));
                Assert.All(seen.Results, r => Assert.StartsWith("/public/", r.Path));
                AssertNoLeak(who, seen.ToJson());
                Assert.Empty((await client.SearchAsync(_store, new SearchRequest(query, mode, PathPrefix: "/private/"))).Results);
            }
        }
    }

    [Fact]
    public async Task A_page_is_cut_after_filtering_so_hidden_better_matches_do_not_shrink_it()
    {
        var page = await _support.SearchAsync(_store, new SearchRequest("deploy", SearchMode.Keyword, Limit: 5));
        Assert.Equal(5, page.Results.Count);
        Assert.All(page.Results, r => Assert.StartsWith("/public/", r.Path));
        var rest = await _support.SearchAsync(_store, new SearchRequest("deploy", SearchMode.Keyword, Limit: 5, Page: page.NextPage));
        Assert.Equal(6, page.Results.Count + rest.Results.Count); // the handbook and five deploy notes
        Assert.Null(rest.NextPage);
    }

    [Fact]
    public async Task The_catalog_lists_only_readable_memories()
    {
        foreach (var (who, client) in Readers())
        {
            var catalog = await client.CatalogAsync(_store, new CatalogRequest(Limit: 1_000));
            Assert.Equal(7, catalog.Entries.Count);
            AssertNoLeak(who, catalog.ToJson());
            Assert.Empty((await client.CatalogAsync(_store, new CatalogRequest("/private/"))).Entries);
        }

        Assert.Equal(40, (await _world.Admin.CatalogAsync(_store, new CatalogRequest(Limit: 1_000))).Entries.Count);
    }

    [Fact]
    public async Task The_memory_section_shows_no_unreadable_path_pin_skill_or_count()
    {
        var full = await _world.Admin.BuildContextAsync(new ContextRequest(Budget: 50_000, StoreIds: [_store]));
        Assert.Contains("Level 3 earns the zanzibar band", full.Text, StringComparison.Ordinal);
        Assert.Contains("payroll-run", full.Text, StringComparison.Ordinal);

        foreach (var budget in new[] { 60, 200, 50_000 })
        {
            AssertNoLeak("support session", (await _support.BuildContextAsync(new ContextRequest(budget))).Text);
            AssertNoLeak("contractor", (await _member.BuildContextAsync(new ContextRequest(budget, StoreIds: [_store]))).Text);
            AssertNoLeak("support, built by the admin", (await _world.Admin.BuildContextAsync(new ContextRequest(budget, SessionId: _supportSession))).Text);
        }
    }

    [Fact]
    public async Task A_store_the_caller_cannot_see_is_not_found_everywhere()
    {
        var hidden = await _world.StoreAsync("hidden", "Nobody else's.");
        await _world.WriteAsync(hidden, ("/zanzibar.md", "zanzibar"));
        foreach (var rule in (await _world.Admin.ListPoliciesAsync(hidden)).Where(r => r.StoreId == hidden))
        {
            await _world.Admin.RemovePolicyAsync(rule.Id);
        }

        foreach (var (who, client) in Readers())
        {
            await Assert.ThrowsAsync<NotFoundException>(() => client.SearchAsync(hidden, new SearchRequest("zanzibar", SearchMode.Keyword)));
            await Assert.ThrowsAsync<NotFoundException>(() => client.CatalogAsync(hidden, new CatalogRequest()));
            AssertNoLeak(who, (await client.BuildContextAsync(new ContextRequest(StoreIds: [hidden]))).Text);
        }
    }

    [Fact]
    public async Task Whatever_a_reader_is_denied_never_shows_in_search_or_context()
    {
        // Random rule sets: a new agent is denied a random subset of the store's top-level directories.
        var directories = new[] { "/private/", "/public/", "/public/deploys/", "/private/deploys/", "/private/skills/" };
        var catalog = (await _world.Admin.CatalogAsync(_store, new CatalogRequest(Limit: 1_000))).Entries.Select(e => e.Path).ToList();
        var agent = 0;
        await Gen.Int[1, (1 << directories.Length) - 1].SampleAsync(async mask =>
        {
            var name = $"agent-{Interlocked.Increment(ref agent)}";
            var denied = directories.Where((_, i) => (mask & (1 << i)) != 0).ToList();
            foreach (var directory in denied)
            {
                await _world.Admin.AddPolicyAsync(new AddPolicyRequest(_store, $"agent:{name}", directory + "**", ["read"], "deny"));
            }

            var (client, _) = await _world.SessionAsync(name, new SessionAttachment(_store, AttachmentAccess.ReadOnly, ""));
            bool Hidden(string path) => denied.Any(d => path.StartsWith(d, StringComparison.Ordinal));
            foreach (var query in new[] { "deploy", "zanzibar", "handbook benefits" })
            {
                Assert.DoesNotContain((await client.SearchAsync(_store, new SearchRequest(query, SearchMode.Hybrid, Limit: 100))).Results, r => Hidden(r.Path));
            }

            var visible = (await client.CatalogAsync(_store, new CatalogRequest(Limit: 1_000))).Entries.Select(e => e.Path).ToList();
            Assert.Equal(catalog.Where(p => !Hidden(p)), visible);
            var section = (await client.BuildContextAsync(new ContextRequest(50_000))).Text;
            Assert.All(catalog.Where(Hidden), path => Assert.DoesNotContain(path, section, StringComparison.Ordinal));
        }, iter: 12, threads: 1);
    }
}
