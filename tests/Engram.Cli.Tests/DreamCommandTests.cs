using System.Text.RegularExpressions;

namespace Engram.Cli.Tests;

/// <summary>
/// <c>engram dream</c> and <c>engram dreams</c> as processes, over the bundled example transcripts, with no model
/// provider in the environment (the rule-based analyzers alone).
/// </summary>
public sealed partial class DreamCommandTests(DreamFixture fixture) : IClassFixture<DreamFixture>
{
    private const string Conventions = "# Conventions\n\n- Deploy on Tuesdays.\n";

    [Fact]
    public void A_dream_names_itself_reads_all_twelve_sessions_and_counts_its_proposals_on_stdout()
    {
        var id = fixture.DreamId;
        var lines = fixture.Dream.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("drm_", id, StringComparison.Ordinal);
        Assert.Equal($"dreaming {id} over team", lines[0]);
        Assert.StartsWith($"{id}  completed  store {fixture.StoreId} -> memstore_", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("(create_new)", lines[1], StringComparison.Ordinal);
        Assert.Equal("  12 of 12 sessions read, 3 proposals; stage done", lines[2]);
        Assert.Equal("  rule-based: no model ran (no provider configured)", lines[3]);
        Assert.Matches(@"^memstore_\S+ is a copy of team with the trusted proposals \(those that quote no transcript\) applied; every proposal also waits for review on team, where accepting applies it$", lines[4]);
        Assert.Equal($"review them: engram proposals list --store team --dream {id}", lines[5]);
        Assert.Equal($"what it considered and why: engram dreams show {id} --patterns", lines[6]);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public void Progress_goes_to_stderr_as_one_plain_line_per_stage_and_never_to_stdout()
    {
        var progress = fixture.Dream.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(progress);
        Assert.All(progress, line => Assert.Matches(ProgressLine(), line));
        Assert.Equal("done: 12/12 sessions, 0 tokens", progress[^1]);
        Assert.Equal(progress.Length, progress.Select(line => line.Split(':')[0]).Distinct().Count());
        Assert.DoesNotContain('\r', fixture.Dream.Error);
        Assert.DoesNotContain('\u001b', fixture.Dream.Error);
        Assert.DoesNotMatch(ProgressLine(), fixture.Dream.Out);
    }

    [Fact]
    public async Task Proposals_list_by_dream_shows_each_pattern_with_its_kind_prevalence_and_path()
    {
        var lines = (await fixture.Dreamed.RunAsync("proposals", "list", "--store", "team", "--dream", fixture.DreamId)).Ok().Out
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^prop_\S+  .+  pending  ", line));
        Assert.Matches(@"recovered_failure\s+5/12  /org/environment\.md  .*docker-compose", Single(lines, "recovered_failure"));
        Assert.Matches(@"user_correction\s+3/12  /org/conventions\.md  .*pnpm", Single(lines, "user_correction"));
        Assert.Matches(@"remember_request\s+1/12  /agents/reviewer/notes\.md  .*read-only on Fridays", Single(lines, "remember_request"));
    }

    [Fact]
    public async Task Dreams_list_and_show_print_the_finished_dream_and_its_output_store()
    {
        var list = (await fixture.Dreamed.RunAsync("dreams", "list")).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var show = (await fixture.Dreamed.RunAsync("dreams", "show", fixture.DreamId)).Ok().Out;
        var json = (await fixture.Dreamed.RunAsync("dreams", "show", fixture.DreamId, "--json")).Ok().Json;

        var line = Assert.Single(list);
        Assert.StartsWith($"{fixture.DreamId}  ", line, StringComparison.Ordinal);
        Assert.Contains($"  completed  {fixture.StoreId}  12/12 sessions  3 proposals  -> memstore_", line, StringComparison.Ordinal);
        Assert.StartsWith($"{fixture.DreamId}  completed  store {fixture.StoreId} -> memstore_", show, StringComparison.Ordinal);
        Assert.Contains("12 of 12 sessions read, 3 proposals; stage done", show, StringComparison.Ordinal);
        Assert.Equal("completed", json.GetProperty("status").GetString());
        var output = json.GetProperty("outputs")[0].GetProperty("memory_store_id").GetString()!;
        Assert.NotEqual(fixture.StoreId, output);
        Assert.Contains($"-> {output}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canceling_a_finished_dream_fails_with_a_clear_message_and_leaves_it_completed()
    {
        var canceled = await fixture.Dreamed.RunAsync("dreams", "cancel", fixture.DreamId);
        var unknown = await fixture.Dreamed.RunAsync("dreams", "cancel", "drm_01unknown0000000000000000");
        var after = (await fixture.Dreamed.RunAsync("dreams", "show", fixture.DreamId, "--json")).Ok().Json;

        Assert.NotEqual(0, canceled.ExitCode);
        Assert.Contains($"dream {fixture.DreamId} is completed; only a pending or running dream can be canceled", canceled.Error, StringComparison.Ordinal);
        Assert.Equal("", canceled.Out);
        Assert.Equal(3, unknown.ExitCode);
        Assert.Equal("completed", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task With_json_a_dream_prints_one_dream_object_completed_with_its_output_store_holding_the_trusted_proposals()
    {
        using var engram = fixture.Copy();

        var run = (await engram.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since, "--json")).Ok();
        var dream = run.Json; // the whole of stdout is the one object
        var output = dream.GetProperty("outputs")[0];
        var copied = (await engram.RunAsync("ls", "--store", output.GetProperty("memory_store_id").GetString()!)).Ok().Out;

        Assert.Equal("dream", dream.GetProperty("type").GetString());
        Assert.Equal("completed", dream.GetProperty("status").GetString());
        Assert.Equal("memory_store", output.GetProperty("type").GetString());
        Assert.Equal(12, dream.GetProperty("progress").GetProperty("sessions_analyzed").GetInt32());
        Assert.Equal(3, dream.GetProperty("progress").GetProperty("proposals").GetInt32());
        Assert.Equal(fixture.StoreId, dream.GetProperty("inputs")[0].GetProperty("memory_store_id").GetString());
        Assert.Contains("done: 12/12 sessions, 0 tokens", run.Error, StringComparison.Ordinal);
        // The copy has what a person's words support; the fix learned from tool output waits for review.
        Assert.Equal(["/agents/reviewer/notes.md", "/org/conventions.md"], copied.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_dry_run_counts_sessions_and_events_says_no_model_is_configured_and_creates_no_dream()
    {
        var text = (await fixture.Imported.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since, "--dry-run")).Ok().Out;
        var json = (await fixture.Imported.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since, "--dry-run", "--json")).Ok().Json;
        var dreams = (await fixture.Imported.RunAsync("dreams", "list")).Ok().Out;

        Assert.StartsWith("dry run: 12 sessions, 70 events, ", text, StringComparison.Ordinal);
        Assert.Contains("nothing was written", text, StringComparison.Ordinal);
        Assert.Contains("no model provider configured", text, StringComparison.Ordinal);
        Assert.Equal(12, json.GetProperty("sessions").GetInt32());
        Assert.Equal(70, json.GetProperty("events").GetInt32());
        Assert.False(json.GetProperty("uses_model").GetBoolean());
        Assert.Equal("no dreams\n", dreams);
    }

    [Fact]
    public async Task With_all_a_dream_reads_every_session_however_old_and_counts_the_agents_of_each_pattern()
    {
        using var engram = fixture.Copy();

        var estimate = (await engram.RunAsync("dream", "--store", "team", "--all", "--dry-run")).Ok().Out;
        var run = (await engram.RunAsync("dream", "--store", "team", "--all")).Ok().Out;
        var id = DreamFixture.DreamIdPattern().Match(run).Value;
        var patterns = (await engram.RunAsync("dreams", "show", id, "--patterns")).Ok().Out;

        Assert.StartsWith("dry run: 12 sessions, 70 events, ", estimate, StringComparison.Ordinal);
        Assert.Contains("  12 of 12 sessions read, 3 proposals; stage done", run, StringComparison.Ordinal);
        Assert.Matches(@"proposed  recovered_failure\s+5/12 sessions  3 agents  `docker compose` fails here", patterns);
        Assert.Matches(@"proposed  user_correction\s+3/12 sessions  3 agents", patterns);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_field_named_and_creates_no_dream()
    {
        var big = Path.Combine(fixture.Imported.Root, "big-instructions.md");
        await File.WriteAllTextAsync(big, new string('x', 4_097));
        string[] dream = ["dream", "--store", "team"];
        (string[] Args, string? Stdin, int Exit, string Names)[] cases =
        [
            (dream, null, 2, "--session"),
            ([.. dream, "--agent"], null, 2, "--agent"),
            ([.. dream, "--since", "yesterday-ish"], null, 2, "--since"),
            ([.. dream, "--since", "7w"], null, 2, "--since"),
            ([.. dream, "--since", "1000000d"], null, 2, "--since"),
            ([.. dream, "--since", "99999999999d"], null, 2, "--since"),
            (["dream", "--store", "nope", "--since", DreamFixture.Since], null, 3, "nope"),
            ([.. dream, "--since", DreamFixture.Since, "--attached-store", "nope"], null, 3, "nope"),
            ([.. dream, "--session", "sesn_01nothing0000000000000000"], null, 2, "--session: session sesn_01nothing0000000000000000 was not found"),
            ([.. dream, "--session", "not-a-session"], null, 2, "--session: must be a session id"),
            // The library's rules, named as the CLI's options: the same answer the server gives (FaceRuleParityTests).
            ([.. dream, "--session", "sesn_01nothing0000000000000000", "--session", "sesn_01nothing0000000000000000"], null, 2, "--session: repeats sesn_01nothing0000000000000000; list each session once"),
            (["proposals", "list", "--store", "team", "--status", "Pending"], null, 2, "--status: must be pending, accepted, rejected, conflicted, applied or all (got \"Pending\")"),
            ([.. dream, "--agent", "nobody"], null, 2, "--session/--all/--since/--agent/--attached-store: selects no sessions"),
            ([.. dream, "--all", "--since", "7d"], null, 2, "--all: reads every session, so it takes no --session or --since"),
            ([.. dream, "--all", "--session", "sesn_01nothing0000000000000000"], null, 2, "--all: reads every session, so it takes no --session or --since"),
            ([.. dream, "--since", "1m"], null, 2, "with a transcript you can see were active before then (a session's time is its latest event, else its import); widen since"),
            ([.. dream, "--since", DreamFixture.Since, "--model", ""], null, 2, "--model: "),
            ([.. dream, "--since", DreamFixture.Since, "--instructions", big], null, 2, "--instructions: must be at most 4,096 characters"),
            ([.. dream, "--since", DreamFixture.Since, "--instructions", "-"], new string('y', 4_097), 2, "--instructions: must be at most 4,096 characters"),
            ([.. dream, "--since", DreamFixture.Since, "--instructions", Path.Combine(fixture.Imported.Root, "missing.md")], null, 2, "--instructions"),
            (["dreams", "list", "--status", "dreaming"], null, 2, "--status"),
            (["dreams", "show", "drm_01unknown0000000000000000"], null, 3, "drm_01unknown0000000000000000"),
        ];

        foreach (var (args, stdin, exit, names) in cases)
        {
            var result = await fixture.Imported.RunAsync(args, stdin);
            Assert.True(result.ExitCode == exit && result.Error.Contains(names, StringComparison.Ordinal),
                $"engram {string.Join(' ', args)}: expected exit {exit} naming {names}, got {result.ExitCode}\nstdout: {result.Out}\nstderr: {result.Error}");
        }

        Assert.Equal("no dreams\n", (await fixture.Imported.RunAsync("dreams", "list", "--status", "pending", "running", "completed", "failed", "canceled", "--archived")).Ok().Out);
    }

    [Fact]
    public async Task Update_existing_applies_trusted_proposals_to_the_store_leaves_untrusted_ones_pending_and_revert_undoes_them()
    {
        using var engram = fixture.Copy();
        (await engram.RunAsync(["write", "--store", "team", "/org/conventions.md"], Conventions)).Ok();

        var dream = (await engram.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since, "--update-existing", "--json")).Ok().Json;
        var id = dream.GetProperty("id").GetString()!;
        var conventions = (await engram.RunAsync("cat", "--store", "team", "/org/conventions.md")).Ok().Out;
        var notes = (await engram.RunAsync("cat", "--store", "team", "/agents/reviewer/notes.md")).Ok().Out;
        var untrusted = await engram.RunAsync("cat", "--store", "team", "/org/environment.md");
        var pending = (await engram.RunAsync("proposals", "list", "--store", "team", "--dream", id)).Ok().Out;

        Assert.Equal(fixture.StoreId, dream.GetProperty("outputs")[0].GetProperty("memory_store_id").GetString());
        Assert.StartsWith(Conventions, conventions, StringComparison.Ordinal);
        Assert.Contains("pnpm instead of npm", conventions, StringComparison.Ordinal);
        Assert.Contains("read-only on Fridays", notes, StringComparison.Ordinal);
        Assert.Equal(3, untrusted.ExitCode);
        Assert.Contains("recovered_failure", Assert.Single(pending.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        var reverted = (await engram.RunAsync("dreams", "revert", id)).Ok().Out;

        Assert.StartsWith($"reverted 2 change(s) of {id}, skipped 0", reverted, StringComparison.Ordinal);
        Assert.Contains("reverted /org/conventions.md: memver_", reverted, StringComparison.Ordinal);
        Assert.Contains("reverted /agents/reviewer/notes.md: memver_", reverted, StringComparison.Ordinal);
        Assert.Equal(Conventions, (await engram.RunAsync("cat", "--store", "team", "/org/conventions.md")).Ok().Out);
        Assert.Equal(3, (await engram.RunAsync("cat", "--store", "team", "/agents/reviewer/notes.md")).ExitCode);
        Assert.Equal("/org/conventions.md\n", (await engram.RunAsync("ls", "--store", "team")).Ok().Out);
    }

    [Fact]
    public async Task Reverting_a_dream_keeps_a_later_edit_by_a_person_and_exits_with_a_conflict()
    {
        using var engram = fixture.Copy();
        var id = (await engram.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since, "--update-existing", "--json")).Ok().Json.GetProperty("id").GetString()!;
        (await engram.RunAsync(["write", "--store", "team", "/agents/reviewer/notes.md"], "edited by alice\n")).Ok();

        var reverted = await engram.RunAsync("dreams", "revert", id);

        Assert.Equal(4, reverted.ExitCode);
        Assert.StartsWith($"reverted 1 change(s) of {id}, skipped 1", reverted.Out, StringComparison.Ordinal);
        Assert.Matches(@"skipped memver_\S+: the memory changed since", reverted.Out);
        Assert.Equal("edited by alice\n", (await engram.RunAsync("cat", "--store", "team", "/agents/reviewer/notes.md")).Ok().Out);
        Assert.Equal(3, (await engram.RunAsync("cat", "--store", "team", "/org/conventions.md")).ExitCode);
    }

    [Fact]
    public async Task Detach_in_local_mode_creates_a_pending_dream_and_returns_and_cancel_stops_it_once_and_for_all()
    {
        using var engram = fixture.Copy();

        var created = (await engram.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since, "--detach")).Ok().Out;
        var id = DreamFixture.DreamIdPattern().Match(created).Value;
        var pending = (await engram.RunAsync("dreams", "list", "--status", "pending")).Ok().Out;
        var canceled = (await engram.RunAsync("dreams", "cancel", id)).Ok().Out;
        var again = (await engram.RunAsync("dreams", "cancel", id)).Ok().Out;
        var listed = (await engram.RunAsync("dreams", "list")).Ok().Out;
        var later = DreamFixture.DreamIdPattern().Match((await engram.RunAsync("dream", "--store", "team", "--since", DreamFixture.Since, "--detach")).Ok().Out).Value;
        var newest = (await engram.RunAsync("dreams", "list", "--limit", "1")).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var older = (await engram.RunAsync("dreams", "list", "--limit", "1", "--page", newest[^1]["more: --page ".Length..])).Ok().Out;

        Assert.StartsWith($"created {id} (pending); engram serve on this data directory runs it", created, StringComparison.Ordinal);
        Assert.Equal(2, newest.Length);
        Assert.StartsWith($"{later}  ", newest[0], StringComparison.Ordinal);
        Assert.StartsWith("more: --page ", newest[1], StringComparison.Ordinal);
        Assert.StartsWith($"{id}  ", older, StringComparison.Ordinal);
        Assert.DoesNotContain("more:", older, StringComparison.Ordinal);
        Assert.Contains($"{id}  ", pending, StringComparison.Ordinal);
        Assert.Contains("0/12 sessions  0 proposals", pending, StringComparison.Ordinal);
        Assert.StartsWith($"{id}  canceled  store {fixture.StoreId}", canceled, StringComparison.Ordinal);
        Assert.Equal(canceled, again); // canceling a canceled dream returns it unchanged, as the hosted API does
        Assert.Contains("  canceled  ", listed, StringComparison.Ordinal);
        Assert.Empty((await engram.RunAsync("proposals", "list", "--store", "team", "--dream", id, "--json")).Ok().Json.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Through_a_server_a_dream_waits_for_the_servers_worker_and_prints_the_completed_summary()
    {
        using var engram = fixture.Copy();
        await using var server = await ServeProcess.StartAsync(engram.Data);
        string[] remote = ["--server", server.Url, "--api-key", fixture.ApiKey];

        var run = (await engram.RunAsync([.. remote, "dream", "--store", "team", "--since", DreamFixture.Since])).Ok();
        var id = DreamFixture.DreamIdPattern().Match(run.Out).Value;
        var listed = (await engram.RunAsync([.. remote, "dreams", "list"])).Ok().Out;
        var estimate = (await engram.RunAsync([.. remote, "dream", "--store", "team", "--since", DreamFixture.Since, "--dry-run"])).Ok().Out;
        var all = (await engram.RunAsync([.. remote, "dream", "--store", "team", "--all", "--dry-run"])).Ok().Out;

        Assert.StartsWith($"dreaming {id} over team\n{id}  completed  store {fixture.StoreId} -> memstore_", run.Out, StringComparison.Ordinal);
        Assert.Contains("  12 of 12 sessions read, 3 proposals; stage done", run.Out, StringComparison.Ordinal);
        Assert.Contains("done: 12/12 sessions, 0 tokens", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{id}  ", listed, StringComparison.Ordinal);
        Assert.Contains("  completed  ", listed, StringComparison.Ordinal);
        Assert.StartsWith("dry run: 12 sessions, 70 events, ", estimate, StringComparison.Ordinal);
        Assert.StartsWith("dry run: 12 sessions, 70 events, ", all, StringComparison.Ordinal);
        Assert.Contains("user_correction", (await engram.RunAsync([.. remote, "proposals", "list", "--store", "team", "--dream", id])).Ok().Out, StringComparison.Ordinal);
    }

    private static string Single(string[] lines, string kind) => Assert.Single(lines, line => line.Contains($"  {kind} ", StringComparison.Ordinal));

    [GeneratedRegex(@"^[a-z_]+: \d+/\d+ sessions, [\d,]+ tokens$", RegexOptions.Multiline)]
    private static partial Regex ProgressLine();
}
