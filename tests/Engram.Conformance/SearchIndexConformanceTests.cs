using Engram.Access;
using Engram.Access.Policies;
using Engram.Client;
using Engram.Memories;
using Engram.Search;

namespace Engram.Conformance;

/// <summary>
/// The search index port's contract as keyword search shows it: an acknowledged write, edit, rename or delete is
/// what the next search sees; filters, permissions and paging apply before results are cut; stores never mix.
/// </summary>
public abstract class SearchIndexConformanceTests : ConformanceSuite
{
    [Fact]
    public async Task A_search_right_after_a_write_finds_it()
    {
        var store = await NewStoreAsync();
        var written = await WriteMemoryAsync(Client, store.Id, "/tools/python.md", "Run the suite with python -m pytest, since pytest is not on PATH.\n");

        var hit = Assert.Single((await KeywordAsync(store.Id, "pytest")).Results);

        Assert.Equal((written.Id, "/tools/python.md", "keyword"), (hit.MemoryId, hit.Path, hit.MatchedBy));
    }

    [Fact]
    public async Task An_edit_replaces_what_a_memory_is_found_by()
    {
        var store = await NewStoreAsync();
        var written = await WriteMemoryAsync(Client, store.Id, "/notes.md", "the deploy uses kubectl\n");

        await WriteMemoryAsync(Client, store.Id, null, "the deploy uses terraform\n", written.Id);

        Assert.Empty((await KeywordAsync(store.Id, "kubectl")).Results);
        Assert.Equal(written.Id, Assert.Single((await KeywordAsync(store.Id, "terraform")).Results).MemoryId);
    }

    [Fact]
    public async Task A_renamed_memory_is_found_at_its_new_path_and_a_deleted_one_is_not_found()
    {
        var store = await NewStoreAsync();
        var moved = await WriteMemoryAsync(Client, store.Id, "/drafts/zebra.md", "zebra crossing notes\n");
        var deleted = await WriteMemoryAsync(Client, store.Id, "/drafts/okapi.md", "okapi sightings\n");

        await WriteMemoryAsync(Client, store.Id, "/final/zebra.md", null, moved.Id);
        await Client.DeleteMemoryAsync(store.Id, deleted.Id, new DeleteMemoryRequest());

        var hit = Assert.Single((await KeywordAsync(store.Id, "zebra")).Results);
        Assert.Equal((moved.Id, "/final/zebra.md"), (hit.MemoryId, hit.Path));
        Assert.Empty((await KeywordAsync(store.Id, "okapi")).Results);
    }

    [Fact]
    public async Task A_path_prefix_keeps_only_memories_under_it()
    {
        var store = await NewStoreAsync();
        await WriteMemoryAsync(Client, store.Id, "/teams/payments/retries.md", "retries use exponential backoff\n");
        await WriteMemoryAsync(Client, store.Id, "/teams/search/retries.md", "retries are not idempotent here\n");
        await WriteMemoryAsync(Client, store.Id, "/teams/paymentsx.md", "retries elsewhere\n");

        var page = await Client.SearchAsync(store.Id, new SearchRequest("retries", SearchMode.Keyword, PathPrefix: "/teams/payments/"));

        Assert.Equal(["/teams/payments/retries.md"], page.Results.Select(r => r.Path));
    }

    [Fact]
    public async Task A_caller_finds_only_what_it_may_read()
    {
        var store = await NewStoreAsync();
        await WriteMemoryAsync(Client, store.Id, "/public/wifi.md", "the wifi password rotates monthly\n");
        await WriteMemoryAsync(Client, store.Id, "/private/wifi.md", "the wifi password is hunter2\n");
        var person = await Client.CreatePrincipalAsync(new CreatePrincipalRequest(PrincipalKind.User, "guest"));
        var key = await Client.CreateApiKeyAsync(new CreateApiKeyRequest("guest", person.Id));
        foreach (var rule in await Client.ListPoliciesAsync(store.Id))
        {
            if (rule.StoreId == store.Id)
            {
                await Client.RemovePolicyAsync(rule.Id);
            }
        }

        await Client.AddPolicyAsync(new AddPolicyRequest(store.Id, $"principal:{person.Id}", "/public/**", ["read", "list"]));
        var guest = await Target.ConnectAsync(key.Secret);

        Assert.Equal(["/public/wifi.md"], (await KeywordAsync(store.Id, "wifi", guest, limit: 1)).Results.Select(r => r.Path));
        Assert.Equal(2, (await KeywordAsync(store.Id, "wifi")).Results.Count);
    }

    [Fact]
    public async Task Pages_of_a_search_cover_every_hit_once()
    {
        var store = await NewStoreAsync();
        var written = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            written.Add((await WriteMemoryAsync(Client, store.Id, $"/runbooks/{i}.md", $"runbook {i}: restart the gateway{string.Concat(Enumerable.Repeat(" gateway", i))}\n")).Id);
        }

        var seen = new List<SearchResult>();
        string? next = null;
        do
        {
            var page = await Client.SearchAsync(store.Id, new SearchRequest("gateway", SearchMode.Keyword, Limit: 3, Page: next));
            Assert.True(page.Results.Count <= 3);
            seen.AddRange(page.Results);
            next = page.NextPage;
        }
        while (next is not null);

        Assert.Equal(written.Order(StringComparer.Ordinal), seen.Select(r => r.MemoryId).Order(StringComparer.Ordinal));
        Assert.Equal(seen.Select(r => r.Score).OrderDescending(), seen.Select(r => r.Score));
    }

    [Fact]
    public async Task One_store_never_finds_another_stores_memories()
    {
        var mine = await NewStoreAsync("mine");
        var theirs = await NewStoreAsync("theirs");
        await WriteMemoryAsync(Client, theirs.Id, "/secret.md", "quokka habitat survey\n");
        await WriteMemoryAsync(Client, mine.Id, "/other.md", "nothing to see\n");

        Assert.Empty((await KeywordAsync(mine.Id, "quokka")).Results);
        Assert.Single((await KeywordAsync(theirs.Id, "quokka")).Results);
    }

    private Task<SearchPage> KeywordAsync(string storeId, string query, IEngramClient? client = null, int? limit = null) =>
        (client ?? Client).SearchAsync(storeId, new SearchRequest(query, SearchMode.Keyword, Limit: limit));
}
