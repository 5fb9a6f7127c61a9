using System.Text;

namespace Engram.Cli.Tests;

public sealed class LocalModeTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    private async Task<string> InitWithStoreAsync()
    {
        await _engram.RunAsync("init").ContinueWith(t => t.Result.Ok());
        var store = (await _engram.RunAsync("store", "create", "team", "--description", "team notes", "--json")).Ok();
        return store.Json.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Init_creates_the_data_directory_once()
    {
        var first = (await _engram.RunAsync("init", "--json")).Ok();
        Assert.True(first.Json.GetProperty("created").GetBoolean());
        Assert.StartsWith("user_", first.Json.GetProperty("local_user_id").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_engram.Data, "engram.db")));

        var second = (await _engram.RunAsync("init")).Ok();
        Assert.Contains("already", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_without_a_data_directory_explain_how_to_make_one()
    {
        var result = await _engram.RunAsync("ls");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("engram init", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_then_cat_round_trips_exact_bytes_from_stdin_and_file()
    {
        await InitWithStoreAsync();
        const string content = "cafe\u0301 — no trailing newline, CRLF kept\r\nend";
        var written = (await _engram.RunAsync(["write", "/notes/a.md", "--json"], content)).Ok();
        Assert.Equal(Engram.Memories.MemoryContent.Sha256(content), written.Json.GetProperty("content_sha256").GetString());
        Assert.Equal(content, (await _engram.RunAsync("cat", "/notes/a.md")).Ok().Out);

        var file = Path.Combine(_engram.Root, "b.md");
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i']);
        (await _engram.RunAsync("write", "/notes/b.md", "--file", file)).Ok();
        Assert.Equal("\ufeffhi", (await _engram.RunAsync("cat", "/notes/b.md")).Ok().Out);
    }

    [Fact]
    public async Task A_stale_write_exits_4_and_changes_nothing()
    {
        await InitWithStoreAsync();
        var first = (await _engram.RunAsync(["write", "/counter", "--json"], "1")).Ok();
        var hash = first.Json.GetProperty("content_sha256").GetString()!;
        (await _engram.RunAsync(["write", "/counter", "--expect-sha256", hash], "2")).Ok();

        var stale = await _engram.RunAsync(["write", "/counter", "--expect-sha256", hash], "3");
        Assert.Equal(4, stale.ExitCode);
        Assert.Contains("memory_precondition_failed_error", (await _engram.RunAsync(["write", "/counter", "--expect-sha256", hash, "--json"], "3")).Error, StringComparison.Ordinal);
        Assert.Equal("2", (await _engram.RunAsync("cat", "/counter")).Ok().Out);
    }

    [Theory]
    [InlineData("notes.md", "must start with '/'")]
    [InlineData("/a/../b", "'.' or '..'")]
    [InlineData("/a//b", "empty segment")]
    public async Task Invalid_paths_exit_2_naming_the_rule(string path, string rule)
    {
        await InitWithStoreAsync();
        var result = await _engram.RunAsync(["write", path], "x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("path: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(rule, result.Error, StringComparison.Ordinal);
        Assert.Equal("", (await _engram.RunAsync("ls")).Ok().Out);
    }

    [Fact]
    public async Task Invalid_utf8_and_oversized_input_exit_2()
    {
        await InitWithStoreAsync();
        var bad = await _engram.RunAsync(["write", "/bad"], stdinBytes: [(byte)'o', (byte)'k', 0xFF]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("valid UTF-8", bad.Error, StringComparison.Ordinal);

        var big = await _engram.RunAsync(["write", "/big"], new string('a', 102_401));
        Assert.Equal(2, big.ExitCode);
        Assert.Contains("102,400", big.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_memories_exit_3_and_conflicts_exit_4()
    {
        await InitWithStoreAsync();
        Assert.Equal(3, (await _engram.RunAsync("cat", "/missing.md")).ExitCode);
        (await _engram.RunAsync(["write", "/docs/api.md"], "x")).Ok();
        var conflict = await _engram.RunAsync(["write", "/docs", "--json"], "x");
        Assert.Equal(4, conflict.ExitCode);
        Assert.Contains("\"conflicting_path\":\"/docs/api.md\"", conflict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_lists_paths_and_directories_by_depth()
    {
        await InitWithStoreAsync();
        foreach (var path in new[] { "/a.md", "/dir/b.md", "/dir/sub/c.md" })
        {
            (await _engram.RunAsync(["write", path], path)).Ok();
        }

        Assert.Equal("/a.md\n/dir/b.md\n/dir/sub/c.md\n", (await _engram.RunAsync("ls")).Ok().Out);
        Assert.Equal("/a.md\n/dir/\n", (await _engram.RunAsync("ls", "--depth", "1")).Ok().Out);
        Assert.Equal("/dir/b.md\n/dir/sub/\n", (await _engram.RunAsync("ls", "/dir/", "--depth", "1")).Ok().Out);
        var json = (await _engram.RunAsync("ls", "--depth", "1", "--json")).Ok().Json;
        Assert.Equal("memory_prefix", json.GetProperty("data")[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Diff_after_a_rename_says_the_memory_was_renamed_with_its_content_unchanged()
    {
        await InitWithStoreAsync();
        (await _engram.RunAsync(["write", "/a.md"], "step 1\n")).Ok();
        var moved = (await _engram.RunAsync("mv", "/a.md", "/b.md", "--json")).Ok().Json.GetProperty("memory_version_id").GetString()!;

        var diff = (await _engram.RunAsync("diff", "/b.md")).Ok().Out;
        var json = (await _engram.RunAsync("diff", "/b.md", "--json")).Ok().Json;

        Assert.Equal($"renamed from /a.md to /b.md in {moved}, content unchanged\n", diff);
        Assert.Equal("", json.GetProperty("diff").GetString());
        Assert.Equal($"renamed from /a.md to /b.md in {moved}, content unchanged", json.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Mv_keeps_the_id_and_log_diff_revert_work_by_path()
    {
        await InitWithStoreAsync();
        var created = (await _engram.RunAsync(["write", "/runbook.md", "--json", "--reason", "first"], "step 1\n")).Ok().Json;
        var firstVersion = created.GetProperty("memory_version_id").GetString()!;
        (await _engram.RunAsync(["write", "/runbook.md"], "step 1\nstep 2\n")).Ok();
        var moved = (await _engram.RunAsync("mv", "/runbook.md", "/ops/runbook.md", "--json")).Ok().Json;
        Assert.Equal(created.GetProperty("id").GetString(), moved.GetProperty("id").GetString());

        var log = (await _engram.RunAsync("log", "/ops/runbook.md")).Ok().Out;
        Assert.Equal(3, log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.StartsWith("memver_", StringComparison.Ordinal)));
        Assert.Contains("reason: first", log, StringComparison.Ordinal);

        var diff = (await _engram.RunAsync("diff", firstVersion)).Ok().Out;
        Assert.Contains("+step 2", diff, StringComparison.Ordinal);

        var reverted = (await _engram.RunAsync("revert", "/ops/runbook.md", "--to", firstVersion)).Ok();
        Assert.Contains("reverted", reverted.Out, StringComparison.Ordinal);
        Assert.Equal("step 1\n", (await _engram.RunAsync("cat", "/ops/runbook.md")).Ok().Out);
        var versions = (await _engram.RunAsync("log", "/ops/runbook.md", "--json")).Ok().Json.GetProperty("data");
        Assert.Equal(4, versions.GetArrayLength());
    }

    [Fact]
    public async Task Rm_keeps_history_and_redact_needs_confirmation()
    {
        await InitWithStoreAsync();
        var created = (await _engram.RunAsync(["write", "/secret.md", "--json"], "token=abc")).Ok().Json;
        var version = created.GetProperty("memory_version_id").GetString()!;
        var memoryId = created.GetProperty("id").GetString()!;
        (await _engram.RunAsync("rm", "/secret.md")).Ok();
        Assert.Equal(3, (await _engram.RunAsync("cat", "/secret.md")).ExitCode);

        Assert.Equal(2, (await _engram.RunAsync("redact", version)).ExitCode);
        var redacted = (await _engram.RunAsync("redact", version, "--yes", "--json")).Ok().Json;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, redacted.GetProperty("content_sha256").ValueKind);
        var history = (await _engram.RunAsync("log", memoryId)).Ok().Out;
        Assert.Contains("deleted", history, StringComparison.Ordinal);
        Assert.Contains("redacted", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_commands_manage_stores_and_archive_blocks_writes()
    {
        await InitWithStoreAsync();
        (await _engram.RunAsync("store", "create", "second", "-m", "owner=ops")).Ok();
        var ambiguous = await _engram.RunAsync(["write", "/x"], "x");
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("--store", ambiguous.Error, StringComparison.Ordinal);

        var updated = (await _engram.RunAsync("store", "update", "second", "-m", "tier=gold", "--unset", "owner", "--json")).Ok().Json;
        Assert.Equal("gold", updated.GetProperty("metadata").GetProperty("tier").GetString());
        Assert.False(updated.GetProperty("metadata").TryGetProperty("owner", out _));

        (await _engram.RunAsync("store", "archive", "second")).Ok();
        var refused = await _engram.RunAsync(["write", "/x", "--store", "second"], "x");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("archived", refused.Error, StringComparison.Ordinal);

        var list = (await _engram.RunAsync("store", "list", "--json")).Ok().Json.GetProperty("data");
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(2, (await _engram.RunAsync("store", "list", "--include-archived", "--json")).Ok().Json.GetProperty("data").GetArrayLength());

        Assert.Equal(2, (await _engram.RunAsync("store", "delete", "second")).ExitCode);
        (await _engram.RunAsync("store", "delete", "second", "--yes")).Ok();
        Assert.Equal(3, (await _engram.RunAsync("store", "show", "second")).ExitCode);
    }

    [Fact]
    public async Task Redact_names_the_other_versions_that_still_hold_the_same_content()
    {
        await InitWithStoreAsync();
        var leaked = (await _engram.RunAsync(["write", "/notes.md", "--json"], "token=sk-leaked")).Ok().Json.GetProperty("memory_version_id").GetString()!;
        var renamed = (await _engram.RunAsync("mv", "/notes.md", "/ops/notes.md", "--json")).Ok().Json.GetProperty("memory_version_id").GetString()!;
        (await _engram.RunAsync(["write", "/ops/notes.md"], "token=rotated")).Ok();

        var redacted = (await _engram.RunAsync("redact", leaked, "--yes")).Ok();

        Assert.Contains($"1 other version of", redacted.Error, StringComparison.Ordinal);
        Assert.Contains($"still holds the same content: {renamed}; redact it too", redacted.Error, StringComparison.Ordinal);
        var again = (await _engram.RunAsync("redact", renamed, "--yes")).Ok();
        Assert.DoesNotContain("same content", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redact_says_when_the_same_content_is_the_memorys_current_one()
    {
        await InitWithStoreAsync();
        var first = (await _engram.RunAsync(["write", "/a.md", "--json"], "secret")).Ok().Json.GetProperty("memory_version_id").GetString()!;
        (await _engram.RunAsync(["write", "/a.md"], "other")).Ok();
        var current = (await _engram.RunAsync(["write", "/a.md", "--json"], "secret")).Ok().Json.GetProperty("memory_version_id").GetString()!;

        var redacted = (await _engram.RunAsync("redact", first, "--yes")).Ok();

        Assert.Contains($"{current} (the current content of /a.md: update or delete it first)", redacted.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_refuses_an_empty_pipe_unless_asked_and_writes_nothing()
    {
        await InitWithStoreAsync();

        var refused = await _engram.RunAsync(["write", "/empty.md"], "");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("content: standard input was empty", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-empty", refused.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await _engram.RunAsync("cat", "/empty.md")).ExitCode);

        var written = (await _engram.RunAsync(["write", "/empty.md", "--allow-empty", "--json"], "")).Ok().Json;
        Assert.Equal(0, written.GetProperty("content_size_bytes").GetInt32());
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        var result = await _engram.RunAsync("frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_tours_writes_a_refused_stale_write_history_diff_revert_redaction_search_and_a_dream_with_review()
    {
        var result = (await _engram.RunWithDataAsync(Path.Combine(_engram.Root, "demo"), ["demo"])).Ok();
        Assert.Contains("refused (memory_precondition_failed_error)", result.Out, StringComparison.Ordinal);
        Assert.Contains("no update was lost", result.Out, StringComparison.Ordinal);
        Assert.Contains("+3. Run `make deploy ENV=prod` and watch https://grafana.example/d/payments-v2.", result.Out, StringComparison.Ordinal);
        Assert.Contains("content=null, sha256=null, path=null", result.Out, StringComparison.Ordinal);
        Assert.Contains("search \"rollback error rate\": /teams/payments/runbook.md", result.Out, StringComparison.Ordinal);
        Assert.Contains("| - /org/conventions.md — How the payments team writes, tests and ships code.", result.Out, StringComparison.Ordinal);

        // The dreaming steps: twelve imported transcripts, the recurring failure with its prevalence and evidence,
        // the accepted correction's version naming its dream, proposal and evidence sessions.
        Assert.Contains("imported 12 example transcripts", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"recovered_failure: `docker compose` fails here; run `docker-compose`\n\s+create /org/environment\.md; seen in 5 of 12 sessions across 3 agent\(s\); UNTRUSTED", result.Out);
        Assert.Matches(@"from dream drm_\w+, proposal prop_\w+; evidence sessions sesn_\w+, sesn_\w+, sesn_\w+", result.Out);
        Assert.Contains("| - Use pnpm instead of npm in this repo.", result.Out, StringComparison.Ordinal);
        Assert.Contains("proposes - `docker compose` fails here (`docker: 'compose' is not a docker command.`); run `docker-compose` instead.", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("proposes - Users of", result.Out, StringComparison.Ordinal);

        // The demo leaves a real data directory to explore, with the commands to do it.
        Assert.Contains($"engram --data {Path.Combine(_engram.Root, "demo")} --store acme-payments ls -l", result.Out, StringComparison.Ordinal);
        var ls = await _engram.RunWithDataAsync(Path.Combine(_engram.Root, "demo"), ["--store", "acme-payments", "ls"]);
        Assert.Contains("/teams/payments/runbook.md", ls.Ok().Out, StringComparison.Ordinal);
    }
}
