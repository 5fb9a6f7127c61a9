using System.Net;
using System.Text.Json;
using Engram.Access.Policies;
using Engram.Memories;
using Engram.Search;

namespace Engram.Server.Tests;

/// <summary>The search, catalog and context extensions over HTTP.</summary>
public sealed partial class HttpSurfaceTests
{
    private async Task<string> SearchStoreAsync()
    {
        var store = await NewStoreAsync();
        foreach (var (path, content) in new[]
        {
            ("/runbooks/deploy.md", "---\ntitle: Deploying\ndescription: How to ship a service.\ntags: [deploy]\n---\n# Deploy\n\nRun the canary first, then promote with `ship --all`.\n"),
            ("/runbooks/old.md", "---\ndescription: The old way.\nexpires: 2020-01-01\n---\nDeploy by copying files.\n"),
            ("/private/keys.md", "# Keys\n\nThe deploy key is in the vault.\n"),
        })
        {
            await PostAsync($"/v1/memory_stores/{store}/memories", new { path, content });
        }

        return store;
    }

    [Fact]
    public async Task Search_returns_ranked_hits_with_highlighted_snippets_and_filters()
    {
        var store = await SearchStoreAsync();
        var page = await GetAsync($"/v1/memory_stores/{store}/search?q=canary%20promote");
        Assert.Equal("keyword", page.GetProperty("mode").GetString());
        var hit = page.GetProperty("data")[0];
        Assert.Equal("search_result", hit.GetProperty("type").GetString());
        Assert.Equal("/runbooks/deploy.md", hit.GetProperty("path").GetString());
        Assert.Equal("Deploying", hit.GetProperty("title").GetString());
        Assert.Contains("**canary**", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);

        var fresh = await GetAsync($"/v1/memory_stores/{store}/search?q=deploy&stale=false&path_prefix=/runbooks/");
        Assert.Equal(["/runbooks/deploy.md"], fresh.GetProperty("data").EnumerateArray().Select(h => h.GetProperty("path").GetString()));
        var tagged = await GetAsync($"/v1/memory_stores/{store}/search?q=deploy&tags=deploy");
        Assert.Single(tagged.GetProperty("data").EnumerateArray());

        // The query text is data: it never reaches the log.
        await GetAsync($"/v1/memory_stores/{store}/search?q=xylophonically");
        Assert.DoesNotContain(_server.Logs.Lines, line => line.Contains("xylophonically", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_status_reports_the_store_and_pages_say_whether_they_are_partial()
    {
        var store = await SearchStoreAsync();
        var status = await GetAsync($"/v1/memory_stores/{store}/search/status");
        Assert.Equal("search_status", status.GetProperty("type").GetString());
        Assert.Equal(store, status.GetProperty("memory_store_id").GetString());
        Assert.False(status.GetProperty("semantic").GetBoolean());
        Assert.Equal(3, status.GetProperty("memories").GetInt32());
        Assert.Equal(0, status.GetProperty("pending").GetInt32());

        var page = await GetAsync($"/v1/memory_stores/{store}/search?q=deploy");
        Assert.False(page.GetProperty("partial").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("embedding").ValueKind);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=deploy&mode=fuzzy", "mode")]
    [InlineData("q=deploy&mode=semantic", "mode")]
    [InlineData("q=deploy&limit=0", "limit")]
    [InlineData("q=deploy&stale=maybe", "stale")]
    [InlineData("q=deploy&page=not-a-token", "page")]
    [InlineData("q=deploy&path_prefix=runbooks", "path_prefix")]
    [InlineData("q=deploy&updated_since=yesterday", "updated_since")]
    public async Task Bad_search_parameters_are_refused_naming_the_field(string query, string field)
    {
        var store = await SearchStoreAsync();
        using var response = await _http.GetAsync($"/v1/memory_stores/{store}/search?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains(field, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalog_lists_titles_staleness_and_front_matter_problems_without_bodies()
    {
        var store = await SearchStoreAsync();
        await PostAsync($"/v1/memory_stores/{store}/memories", new { path = "/broken.md", content = "---\ntitle: [oops\n---\nbody" });
        var catalog = await GetAsync($"/v1/memory_stores/{store}/catalog");
        var entries = catalog.GetProperty("data").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!);
        Assert.Equal(["/broken.md", "/private/keys.md", "/runbooks/deploy.md", "/runbooks/old.md"], entries.Keys);
        Assert.Equal("catalog_entry", entries["/runbooks/deploy.md"].GetProperty("type").GetString());
        Assert.True(entries["/runbooks/old.md"].GetProperty("stale").GetBoolean());
        Assert.StartsWith("invalid front matter", entries["/broken.md"].GetProperty("front_matter_error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("canary", catalog.GetRawText(), StringComparison.Ordinal);

        var stale = await GetAsync($"/v1/memory_stores/{store}/catalog?stale=true");
        Assert.Equal(["/runbooks/old.md"], stale.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task The_memory_section_fits_its_budget_and_bad_budgets_are_refused()
    {
        var store = await SearchStoreAsync();
        var section = await GetAsync($"/v1/engram/context?memory_store_id={store}&budget=500&memory_tool=true");
        Assert.Equal("memory_section", section.GetProperty("type").GetString());
        var text = section.GetProperty("text").GetString()!;
        Assert.Contains(ContextBuilder.MemoryToolProtocol, text, StringComparison.Ordinal);
        Assert.Contains("- /memories/runbooks/deploy.md — How to ship a service.", text, StringComparison.Ordinal); // as the memory tool names it
        Assert.InRange(section.GetProperty("tokens").GetInt32(), 1, 500);
        Assert.Equal([store], section.GetProperty("memory_store_ids").EnumerateArray().Select(s => s.GetString()));

        foreach (var budget in new[] { "0", "lots", "200001" })
        {
            using var response = await _http.GetAsync($"/v1/engram/context?budget={budget}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("budget", (await ErrorOf(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_memory_section_puts_each_store_s_index_under_its_own_heading_and_leaves_out_a_dream_s_store()
    {
        var team = (await PostAsync("/v1/memory_stores", new { name = "team" })).GetProperty("id").GetString()!;
        var org = (await PostAsync("/v1/memory_stores", new { name = "org" })).GetProperty("id").GetString()!;
        var dreamt = (await PostAsync("/v1/memory_stores", new { name = "team · dream drm_x", metadata = new Dictionary<string, string> { ["engram.dream_output"] = "drm_x" } })).GetProperty("id").GetString()!;
        await PostAsync($"/v1/memory_stores/{team}/memories", new { path = "/team/deploy.md", content = "Deploy on Tuesdays.\n" });
        await PostAsync($"/v1/memory_stores/{org}/memories", new { path = "/org/handbook.md", content = "Be kind.\n" });
        await PostAsync($"/v1/memory_stores/{dreamt}/memories", new { path = "/team/dreamt.md", content = "A dream's copy.\n" });

        var both = await GetAsync("/v1/engram/context?budget=1000");
        var text = both.GetProperty("text").GetString()!;
        Assert.Equal([org, team], both.GetProperty("memory_store_ids").EnumerateArray().Select(s => s.GetString()));
        var orgAt = text.IndexOf($"## Store org ({org})", StringComparison.Ordinal);
        var teamAt = text.IndexOf($"## Store team ({team})", StringComparison.Ordinal);
        Assert.InRange(orgAt, 0, teamAt - 1);
        Assert.InRange(text.IndexOf("- /org/handbook.md", StringComparison.Ordinal), orgAt, teamAt);
        Assert.True(text.IndexOf("- /team/deploy.md", StringComparison.Ordinal) > teamAt, text);
        Assert.DoesNotContain("dreamt", text, StringComparison.Ordinal);

        var one = (await GetAsync($"/v1/engram/context?budget=1000&memory_store_id={team}")).GetProperty("text").GetString()!;
        Assert.DoesNotContain("org", one, StringComparison.Ordinal);
        Assert.Contains("- /team/deploy.md", one, StringComparison.Ordinal);
        var named = (await GetAsync($"/v1/engram/context?budget=1000&memory_store_id={dreamt}")).GetProperty("text").GetString()!;
        Assert.Contains("- /team/dreamt.md", named, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_denied_a_directory_finds_nothing_there_over_http()
    {
        var store = await SearchStoreAsync();
        var (principal, key) = await _server.NewPrincipalAsync(Access.PrincipalKind.User);
        var admin = _server.Remote();
        await admin.AddPolicyAsync(new AddPolicyRequest(store, $"principal:{principal.Id}", "/private/**", ["read"], "deny"));
        await using var member = _server.Remote(key.Secret);

        var hits = await member.SearchAsync(store, new SearchRequest("deploy key vault", SearchMode.Keyword));
        Assert.DoesNotContain(hits.Results, r => r.Path.StartsWith("/private/", StringComparison.Ordinal));
        Assert.Contains((await admin.SearchAsync(store, new SearchRequest("deploy key vault", SearchMode.Keyword))).Results, r => r.Path == "/private/keys.md");
        Assert.DoesNotContain((await member.CatalogAsync(store, new CatalogRequest())).Entries, e => e.Path.StartsWith("/private/", StringComparison.Ordinal));
        Assert.DoesNotContain("/private/", (await member.BuildContextAsync(new ContextRequest(5_000, [store]))).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_remote_client_sees_what_the_engine_sees()
    {
        var store = await SearchStoreAsync();
        await using var remote = _server.Remote();
        var local = new Client.LocalEngramClient(_server.Engine, Access.Caller.LocalOperator(_server.AdminUserId));
        var request = new SearchRequest("deploy", SearchMode.Keyword, Limit: 2);
        var overHttp = await remote.SearchAsync(store, request);
        var direct = await local.SearchAsync(store, request);
        Assert.Equal(JsonSerializer.Serialize(direct), JsonSerializer.Serialize(overHttp));
        var next = await remote.SearchAsync(store, request with { Page = overHttp.NextPage });
        Assert.Equal(3, overHttp.Results.Count + next.Results.Count);
        Assert.Equal(
            JsonSerializer.Serialize(await local.BuildContextAsync(new ContextRequest(300, [store]))),
            JsonSerializer.Serialize(await remote.BuildContextAsync(new ContextRequest(300, [store]))));
    }
}
