using System.Text.RegularExpressions;

namespace Engram.Cli.Tests;

/// <summary>
/// Which store a command acts on once a data directory holds more than one: the one named, else the one the
/// thing acted on belongs to (a dream, a synced directory), else the only working store (a dream's output
/// never counts); and the memory section shows each store it covers under its own heading.
/// </summary>
public sealed partial class StoreChoiceTests(DreamFixture fixture) : IClassFixture<DreamFixture>, IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private async Task TwoStoresAsync()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team", "--description", "What the team knows")).Ok();
        (await _engram.RunAsync("store", "create", "org", "--description", "What the company knows")).Ok();
        (await _engram.RunAsync(["write", "/team/deploy.md", "--store", "team"], "---\ndescription: How the team deploys.\n---\nbody\n")).Ok();
        (await _engram.RunAsync(["write", "/org/handbook.md", "--store", "org"], "---\ndescription: The handbook.\n---\nbody\n")).Ok();
    }

    [Fact]
    public async Task Context_with_store_shows_that_store_only()
    {
        await TwoStoresAsync();

        var team = (await _engram.RunAsync("context", "--budget", "500", "--store", "team")).Ok().Out;

        Assert.Contains("## Store team (", team, StringComparison.Ordinal);
        Assert.Contains("- /team/deploy.md — How the team deploys.", team, StringComparison.Ordinal);
        Assert.DoesNotContain("org", team, StringComparison.Ordinal);
        var json = (await _engram.RunAsync("context", "--budget", "500", "--store", "org", "--json")).Ok().Json;
        Assert.Single(json.GetProperty("memory_store_ids").EnumerateArray());
        Assert.DoesNotContain("/team/", json.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_over_two_stores_puts_each_index_under_its_own_store()
    {
        await TwoStoresAsync();

        var text = (await _engram.RunAsync("context", "--budget", "500")).Ok().Out;

        var org = text.IndexOf("## Store org (", StringComparison.Ordinal);
        var team = text.IndexOf("## Store team (", StringComparison.Ordinal);
        Assert.InRange(org, 0, team - 1);
        Assert.InRange(text.IndexOf("- /org/handbook.md", StringComparison.Ordinal), org, team);
        Assert.True(text.IndexOf("- /team/deploy.md", StringComparison.Ordinal) > team);
        Assert.Equal(2, Regex.Count(text, "^### Index$", RegexOptions.Multiline));
    }

    [Fact]
    public async Task After_a_create_new_dream_context_and_the_only_store_leave_the_dream_s_store_out()
    {
        var output = DreamOutputPattern().Match(fixture.Dream.Out).Value;
        Assert.StartsWith("memstore_", output, StringComparison.Ordinal);

        var text = (await fixture.Dreamed.RunAsync("context", "--budget", "2000")).Ok().Out;
        Assert.Contains($"## Store team ({fixture.StoreId})", text, StringComparison.Ordinal);
        Assert.DoesNotContain(output, text, StringComparison.Ordinal);
        Assert.DoesNotContain("dream drm_", text, StringComparison.Ordinal);
        (await fixture.Dreamed.RunAsync("ls")).Ok();

        var named = (await fixture.Dreamed.RunAsync("context", "--budget", "2000", "--store", output)).Ok().Out;
        Assert.Contains($"({output})", named, StringComparison.Ordinal);
        Assert.DoesNotContain($"({fixture.StoreId})", named, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proposals_list_by_dream_finds_the_dream_s_store_when_there_are_two()
    {
        using var copy = fixture.Copy();
        (await copy.RunAsync("store", "create", "org")).Ok();
        var dream = (await copy.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since)).Ok();
        var id = DreamFixture.DreamIdPattern().Match(dream.Out).Value;

        var listed = (await copy.RunAsync("proposals", "list", "--dream", id, "--json")).Ok().Json.GetProperty("data");
        Assert.Equal(3, listed.GetArrayLength());
        Assert.Equal(3, (await copy.RunAsync("proposals", "list", "--dream", id, "--store", "team", "--json")).Ok().Json.GetProperty("data").GetArrayLength());

        var other = await copy.RunAsync("proposals", "list", "--dream", id, "--store", "org");
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("--store", other.Error, StringComparison.Ordinal);
        Assert.Contains($"dream {id}", other.Error, StringComparison.Ordinal);
        Assert.Contains("team", other.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_of_a_directory_synced_before_uses_the_store_its_state_names()
    {
        await TwoStoresAsync();
        var dir = Path.Combine(_engram.Root, "memory");
        var state = Path.Combine(_engram.Root, "sync-state");
        (await _engram.RunAsync("sync", dir, "--once", "--state", state, "--store", "team")).Ok();
        File.WriteAllText(Path.Combine(dir, "team", "new.md"), "written here\n");

        var again = (await _engram.RunAsync("sync", dir, "--once", "--state", state, "--json")).Ok().Json;

        Assert.Equal(["/team/new.md"], again.GetProperty("pushed").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("written here\n", (await _engram.RunAsync("cat", "/team/new.md", "--store", "team")).Ok().Out);
        var other = await _engram.RunAsync("sync", dir, "--once", "--state", state, "--store", "org");
        Assert.Equal(2, other.ExitCode);
        var fresh = await _engram.RunAsync("sync", Path.Combine(_engram.Root, "fresh"), "--once", "--state", state);
        Assert.Equal(2, fresh.ExitCode);
        Assert.Contains("--store", fresh.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_store_and_two_to_choose_from_the_error_names_them_and_the_option()
    {
        await TwoStoresAsync();

        var result = await _engram.RunAsync("ls");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--store: there are 2 stores you can see (org, team); pick one with --store NAME|ID (or set ENGRAM_STORE)", result.Error, StringComparison.Ordinal);
        Assert.Contains("--store NAME|ID", result.Error, StringComparison.Ordinal);
        Assert.Contains("ENGRAM_STORE", result.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"memstore_\S+(?= is a copy of team)")]
    private static partial Regex DreamOutputPattern();
}
