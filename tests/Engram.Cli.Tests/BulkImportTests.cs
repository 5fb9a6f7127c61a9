using System.Text;

namespace Engram.Cli.Tests;

/// <summary><c>engram import DIR</c> and <c>engram export DIR</c> as a process, locally and against a server.</summary>
public sealed class BulkImportTests : IDisposable
{
    private const string Basic = "---\ntitle: Deploy checklist\ntype: note\npermalink: deploy-checklist\ntags:\n- ops\n- deploy\n---\n\n# Deploy\n\nRun the smoke tests first.\n";
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    /// <summary>A vault: basic-memory and Claude Code style notes, nested folders, the app's hidden folder, an attachment.</summary>
    private string Vault(string name = "vault")
    {
        var root = Path.Combine(_engram.Root, name);
        Write(root, "ops/deploy.md", Basic);
        Write(root, "CLAUDE.md", "Use pnpm, not npm.\n");
        Write(root, "memory/feedback_testing.md", "---\nname: testing\ndescription: Integration tests hit a real database\ntype: feedback\n---\nNever mock the database.\n");
        Write(root, "people/Zoë.md", "\uFEFFBOM and a name beyond ASCII\n");
        Write(root, ".obsidian/app.json", "{}");
        File.WriteAllBytes(Path.Combine(root, "ops", "diagram.png"), [0x89, 0x50, 0x4E, 0x47]);
        return root;
    }

    private static void Write(string root, string relative, string content)
    {
        var file = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    [Fact]
    public async Task Import_loads_a_directory_with_its_front_matter_and_reports_each_bad_file_by_name_and_rule_while_the_rest_load()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var vault = Vault();
        File.WriteAllBytes(Path.Combine(vault, "ops", "latin1.md"), [0x63, 0x61, 0x66, 0xE9, 0x0A]);
        File.WriteAllText(Path.Combine(vault, "ops", "huge.md"), new string('x', 102_401));
        var outside = Path.Combine(_engram.Root, "secret.md");
        File.WriteAllText(outside, "not for the store\n");
        File.CreateSymbolicLink(Path.Combine(vault, "ops", "escape.md"), outside);
        Directory.CreateSymbolicLink(Path.Combine(vault, "elsewhere"), _engram.Root);

        var result = await _engram.RunAsync("import", vault, "--prefix", "/kb", "--json");

        Assert.Equal(9, result.ExitCode);
        var json = result.Json;
        Assert.Equal(4, json.GetProperty("written").GetInt32());
        Assert.Equal(6, json.GetProperty("files").GetInt32());
        var failed = json.GetProperty("failed").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!, f => f.GetProperty("reason").GetString()!);
        Assert.Equal(["elsewhere", "ops/escape.md", "ops/huge.md", "ops/latin1.md"], failed.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("a link out of the directory", failed["ops/escape.md"], StringComparison.Ordinal);
        Assert.StartsWith("a link out of the directory", failed["elsewhere"], StringComparison.Ordinal);
        Assert.Equal("is 102,401 bytes; a memory holds at most 102,400 bytes of UTF-8", failed["ops/huge.md"]);
        Assert.Equal("content: must be valid UTF-8 (invalid byte sequence at byte offset 3)", failed["ops/latin1.md"]);
        var skipped = json.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("file").GetString()).ToList();
        Assert.Equal([".obsidian/", "ops/diagram.png"], skipped);

        var listed = (await _engram.RunAsync("ls")).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["/kb/CLAUDE.md", "/kb/memory/feedback_testing.md", "/kb/ops/deploy.md", "/kb/people/Zoë.md"], listed);
        Assert.Equal(Basic, (await _engram.RunAsync("cat", "/kb/ops/deploy.md")).Ok().Out);
        var catalog = (await _engram.RunAsync("catalog", "--json")).Ok().Json.GetProperty("data").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!);
        Assert.Equal("Deploy checklist", catalog["/kb/ops/deploy.md"].GetProperty("title").GetString());
        Assert.Equal(["ops", "deploy"], catalog["/kb/ops/deploy.md"].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Integration tests hit a real database", catalog["/kb/memory/feedback_testing.md"].GetProperty("summary").GetString());
        var log = (await _engram.RunAsync("log", "/kb/ops/deploy.md")).Ok().Out;
        Assert.Contains("reason: imported from ops/deploy.md", log, StringComparison.Ordinal);

        var text = await _engram.RunAsync("import", vault, "--prefix", "/kb");
        Assert.Equal(9, text.ExitCode);
        Assert.Contains("0 written (0 new, 0 updated), 4 unchanged", text.Out, StringComparison.Ordinal);
        Assert.Contains("  ops/latin1.md: content: must be valid UTF-8", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("imported", text.Out.Split('\n')[0], StringComparison.Ordinal); // files read, one of them failed: not "imported" them all
        Assert.Matches(@"^read 6 files for \S+ in ", text.Out);
    }

    [Fact]
    public async Task A_second_run_writes_only_what_is_missing_or_changed_and_an_unchanged_directory_writes_nothing()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var vault = Vault();

        // An interrupted first run: part of the directory is in the store, one of its files since edited.
        var part = Path.Combine(_engram.Root, "part");
        Write(part, "CLAUDE.md", "Use pnpm, not npm.\n");
        Write(part, "ops/deploy.md", "an older checklist\n");
        (await _engram.RunAsync("import", part)).Ok();

        var resumed = (await _engram.RunAsync("import", vault, "--json")).Ok().Json;
        Assert.Equal(2, resumed.GetProperty("created").GetInt32());
        Assert.Equal(1, resumed.GetProperty("updated").GetInt32());
        Assert.Equal(1, resumed.GetProperty("unchanged").GetInt32());

        var again = (await _engram.RunAsync("import", vault, "--json")).Ok().Json;
        Assert.Equal(0, again.GetProperty("written").GetInt32());
        Assert.Equal(4, again.GetProperty("unchanged").GetInt32());
        var versions = (await _engram.RunAsync("log", "--json")).Ok().Json.GetProperty("data").GetArrayLength();
        Assert.Equal(5, versions); // 2 from the first run, 3 from the second, none from the third
        Assert.Equal(Basic, (await _engram.RunAsync("cat", "/ops/deploy.md")).Ok().Out);
    }

    [Fact]
    public async Task Export_writes_the_store_as_markdown_that_imports_back_byte_for_byte()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var vault = Vault();
        (await _engram.RunAsync("import", vault, "--prefix", "/kb/")).Ok();
        (await _engram.RunAsync(["write", "/elsewhere.md"], "not under the prefix\n")).Ok();

        var out1 = Path.Combine(_engram.Root, "out");
        var exported = (await _engram.RunAsync("export", out1, "--prefix", "/kb", "--json")).Ok().Json;

        Assert.Equal(4, exported.GetProperty("written").GetInt32());
        var imported = Markdown(vault);
        Assert.Equal(imported.Keys.Order(StringComparer.Ordinal), Markdown(out1).Keys.Order(StringComparer.Ordinal));
        foreach (var (file, bytes) in imported)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(out1, file)));
        }

        var back = (await _engram.RunAsync("import", out1, "--prefix", "/kb", "--json")).Ok().Json;
        Assert.Equal(0, back.GetProperty("written").GetInt32());
        Assert.Equal(4, back.GetProperty("unchanged").GetInt32());

        var refused = await _engram.RunAsync("export", out1);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("dir: ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("is not empty", refused.Error, StringComparison.Ordinal);
        (await _engram.RunAsync("export", out1, "--force")).Ok();
        Assert.Equal("not under the prefix\n", File.ReadAllText(Path.Combine(out1, "elsewhere.md")));
    }

    [Fact]
    public async Task Export_never_writes_outside_its_directory_nor_a_hidden_path_a_store_holds()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/.git/hooks/pre-commit"], "#!/bin/sh\necho owned\n")).Ok();
        (await _engram.RunAsync(["write", "/link/planted.md"], "planted\n")).Ok();
        (await _engram.RunAsync(["write", "/fine.md"], "fine\n")).Ok();
        var target = Path.Combine(_engram.Root, "export");
        var outside = Path.Combine(_engram.Root, "outside");
        Directory.CreateDirectory(target);
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(target, "link"), outside);

        var result = await _engram.RunAsync("export", target, "--force", "--json");

        Assert.Equal(9, result.ExitCode);
        var json = result.Json;
        Assert.Equal(1, json.GetProperty("written").GetInt32());
        Assert.Equal("/.git/hooks/pre-commit", json.GetProperty("skipped")[0].GetProperty("path").GetString());
        Assert.Equal("/link/planted.md", json.GetProperty("failed")[0].GetProperty("path").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.False(Directory.Exists(Path.Combine(target, ".git")));
        Assert.Equal("fine\n", File.ReadAllText(Path.Combine(target, "fine.md")));
    }

    [Fact]
    public async Task An_agent_that_may_only_propose_files_one_proposal_per_file_and_a_rerun_files_none_again()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var token = (await _engram.RunAsync("sessions", "start", "--agent", "bot", "--attach", "team", "--json")).Ok().Json.GetProperty("token").GetString()!;
        var vault = Vault();

        var first = await _engram.RunAsync("--api-key", token, "import", vault, "--json");
        Assert.Equal(7, first.ExitCode);
        var proposed = first.Json.GetProperty("proposed").EnumerateArray().Select(p => p.GetProperty("proposal_id").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, proposed.Count);
        Assert.Equal(0, first.Json.GetProperty("written").GetInt32());

        var again = await _engram.RunAsync("--api-key", token, "import", vault, "--json");
        Assert.Equal(7, again.ExitCode);
        Assert.Equal(proposed, again.Json.GetProperty("proposed").EnumerateArray().Select(p => p.GetProperty("proposal_id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(4, (await _engram.RunAsync("proposals", "list", "--json")).Ok().Json.GetProperty("data").GetArrayLength());

        // Where the agent may write (its own folder, by the default rules), the same files are written.
        var own = (await _engram.RunAsync("--api-key", token, "import", vault, "--prefix", "/agents/bot", "--json")).Ok().Json;
        Assert.Equal(4, own.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task A_local_import_into_a_store_with_semantic_search_embeds_what_it_wrote_unless_told_not_to()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team", "--metadata", "engram.semantic=on")).Ok();
        (await _engram.RunAsync("store", "create", "later", "--metadata", "engram.semantic=on")).Ok();
        var vault = Vault();
        for (var i = 0; i < 30; i++)
        {
            Write(vault, $"notes/{i}.md", $"Note {i}: the canary goes first.\n");
        }

        Assert.Equal(34, (await _engram.RunAsync("import", vault, "--store", "team", "--json")).Ok().Json.GetProperty("created").GetInt32());
        var embedded = (await _engram.RunAsync("embeddings", "--store", "team", "--json")).Ok().Json.GetProperty("data")[0];
        Assert.Equal((34, 0), (embedded.GetProperty("embedded").GetInt32(), embedded.GetProperty("pending").GetInt32()));
        Assert.Equal("", (await _engram.RunAsync("search", "canary", "--store", "team", "--mode", "hybrid")).Ok().Error);

        (await _engram.RunAsync("import", vault, "--store", "later", "--no-embed")).Ok();
        var queued = (await _engram.RunAsync("embeddings", "--store", "later", "--json")).Ok().Json.GetProperty("data")[0];
        Assert.Equal((0, 34), (queued.GetProperty("embedded").GetInt32(), queued.GetProperty("pending").GetInt32()));
        var partial = (await _engram.RunAsync("search", "canary", "--store", "later", "--mode", "hybrid")).Ok();
        Assert.Contains("34 of 34 memories in later are not embedded yet", partial.Error, StringComparison.Ordinal);
        Assert.Contains("embeddings --wait` embeds them now", partial.Error, StringComparison.Ordinal);
        var waited = (await _engram.RunAsync("embeddings", "--store", "later", "--wait")).Ok();
        Assert.Equal("later  semantic on  34 memories, 34 embedded, 0 pending  arctic-embed-xs+int8\n", waited.Out);
    }

    [Fact]
    public async Task Against_a_server_embeddings_wait_waits_for_its_worker_to_embed_an_import()
    {
        var key = (await _engram.RunAsync("init", "--json")).Ok().Json.GetProperty("api_key").GetProperty("secret").GetString()!;
        await using var server = await ServeProcess.StartAsync(_engram.Data);
        string[] Remote(params string[] args) => ["--server", server.Url, "--api-key", key, .. args];
        (await _engram.RunAsync(Remote("store", "create", "team", "--metadata", "engram.semantic=on"))).Ok();
        (await _engram.RunAsync(Remote("import", Vault()))).Ok();
        var waited = (await _engram.RunAsync(Remote("embeddings", "--wait", "--json"))).Ok().Json.GetProperty("data")[0];
        Assert.Equal((4, 0), (waited.GetProperty("embedded").GetInt32(), waited.GetProperty("pending").GetInt32()));
    }

    [Fact]
    public async Task Import_against_a_server_loads_the_same_and_resumes_the_same()
    {
        var key = (await _engram.RunAsync("init", "--json")).Ok().Json.GetProperty("api_key").GetProperty("secret").GetString()!;
        await using var server = await ServeProcess.StartAsync(_engram.Data);
        string[] Remote(params string[] args) => ["--server", server.Url, "--api-key", key, .. args];
        (await _engram.RunAsync(Remote("store", "create", "team"))).Ok();
        var vault = Vault();

        var first = (await _engram.RunAsync(Remote("import", vault, "--json"))).Ok().Json;
        Assert.Equal(4, first.GetProperty("created").GetInt32());
        File.AppendAllText(Path.Combine(vault, "CLAUDE.md"), "Run pnpm install before the tests.\n");
        var second = (await _engram.RunAsync(Remote("import", vault, "--json"))).Ok().Json;
        Assert.Equal(1, second.GetProperty("updated").GetInt32());
        Assert.Equal(3, second.GetProperty("unchanged").GetInt32());

        var out1 = Path.Combine(_engram.Root, "out");
        (await _engram.RunAsync(Remote("export", out1))).Ok();
        Assert.Equal(File.ReadAllBytes(Path.Combine(vault, "CLAUDE.md")), File.ReadAllBytes(Path.Combine(out1, "CLAUDE.md")));
    }

    [Fact]
    public async Task A_rerun_keeps_a_change_made_in_the_store_and_reports_a_file_changed_on_both_sides_as_a_conflict_unless_overwrite()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var vault = Vault();
        (await _engram.RunAsync("import", vault)).Ok();
        (await _engram.RunAsync(["write", "/CLAUDE.md", "--reason", "the agent learned more"], "Use pnpm 9, not npm.\n")).Ok();

        // The file untouched, the store edited: the store's newer version stays, said by name.
        var kept = await _engram.RunAsync("import", vault);
        Assert.Equal(0, kept.ExitCode);
        Assert.Contains("0 written (0 new, 0 updated), 3 unchanged", kept.Out, StringComparison.Ordinal);
        Assert.Contains("kept CLAUDE.md: changed in the store since it was imported, the file not: kept the store's newer version", kept.Out, StringComparison.Ordinal);
        Assert.Equal("Use pnpm 9, not npm.\n", (await _engram.RunAsync("cat", "/CLAUDE.md")).Ok().Out);

        // Edited on both sides: a conflict, exit 4, nothing written; a file edited only locally is still updated.
        File.AppendAllText(Path.Combine(vault, "CLAUDE.md"), "Run pnpm install first.\n");
        File.AppendAllText(Path.Combine(vault, "ops", "deploy.md"), "Then tag the release.\n");
        var conflict = await _engram.RunAsync("import", vault, "--json");
        Assert.Equal(4, conflict.ExitCode);
        Assert.Equal(1, conflict.Json.GetProperty("updated").GetInt32());
        var conflicts = conflict.Json.GetProperty("conflicts");
        Assert.Equal(1, conflicts.GetArrayLength());
        Assert.Equal("CLAUDE.md", conflicts[0].GetProperty("file").GetString());
        Assert.Equal("changed in the store since it was imported; not overwritten; pass --overwrite to replace it", conflicts[0].GetProperty("reason").GetString());
        Assert.Equal("Use pnpm 9, not npm.\n", (await _engram.RunAsync("cat", "/CLAUDE.md")).Ok().Out);
        Assert.Equal(Basic + "Then tag the release.\n", (await _engram.RunAsync("cat", "/ops/deploy.md")).Ok().Out);

        var text = await _engram.RunAsync("import", vault);
        Assert.Equal(4, text.ExitCode);
        Assert.Contains("conflict CLAUDE.md: changed in the store since it was imported; not overwritten; pass --overwrite to replace it", text.Out, StringComparison.Ordinal);

        // --overwrite replaces it deliberately, and from then on the memory is the import's again.
        var overwritten = (await _engram.RunAsync("import", vault, "--overwrite", "--json")).Ok().Json;
        Assert.Equal(1, overwritten.GetProperty("updated").GetInt32());
        Assert.Equal("Use pnpm, not npm.\nRun pnpm install first.\n", (await _engram.RunAsync("cat", "/CLAUDE.md")).Ok().Out);
        File.AppendAllText(Path.Combine(vault, "CLAUDE.md"), "Lint before pushing.\n");
        Assert.Equal(1, (await _engram.RunAsync("import", vault, "--json")).Ok().Json.GetProperty("updated").GetInt32());
    }

    [Fact]
    public async Task Import_never_replaces_a_memory_no_import_wrote_unless_overwrite()
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        (await _engram.RunAsync(["write", "/CLAUDE.md"], "written by hand\n")).Ok();
        var vault = Vault();

        var result = await _engram.RunAsync("import", vault, "--json");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal(3, result.Json.GetProperty("created").GetInt32());
        Assert.Equal("written in the store, not by an import; not overwritten; pass --overwrite to replace it", result.Json.GetProperty("conflicts")[0].GetProperty("reason").GetString());
        Assert.Equal("written by hand\n", (await _engram.RunAsync("cat", "/CLAUDE.md")).Ok().Out);
        Assert.Equal(1, (await _engram.RunAsync("import", vault, "--overwrite", "--json")).Ok().Json.GetProperty("updated").GetInt32());
    }

    [Fact]
    public async Task Against_a_server_a_rerun_keeps_a_change_made_in_the_store()
    {
        var key = (await _engram.RunAsync("init", "--json")).Ok().Json.GetProperty("api_key").GetProperty("secret").GetString()!;
        await using var server = await ServeProcess.StartAsync(_engram.Data);
        string[] Remote(params string[] args) => ["--server", server.Url, "--api-key", key, .. args];
        (await _engram.RunAsync(Remote("store", "create", "team"))).Ok();
        var vault = Vault();
        (await _engram.RunAsync(Remote("import", vault))).Ok();
        (await _engram.RunAsync(Remote("write", "/people/Zoë.md", "--reason", "an agent's correction"), "Zoë leads ops\n")).Ok();

        var kept = (await _engram.RunAsync(Remote("import", vault, "--json"))).Ok().Json;
        Assert.Equal(0, kept.GetProperty("written").GetInt32());
        Assert.Equal("people/Zoë.md", kept.GetProperty("kept")[0].GetProperty("file").GetString());

        File.AppendAllText(Path.Combine(vault, "people", "Zoë.md"), "edited here too\n");
        var conflict = await _engram.RunAsync(Remote("import", vault, "--json"));
        Assert.Equal(4, conflict.ExitCode);
        Assert.Equal("people/Zoë.md", conflict.Json.GetProperty("conflicts")[0].GetProperty("file").GetString());
        Assert.Equal("Zoë leads ops\n", (await _engram.RunAsync(Remote("cat", "/people/Zoë.md"))).Ok().Out);
    }

    /// <summary>The markdown files under <paramref name="root"/> an import takes (hidden ones and attachments left out), by relative path.</summary>
    private static Dictionary<string, byte[]> Markdown(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith('.') && f.EndsWith(".md", StringComparison.Ordinal))
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(root, f)), StringComparer.Ordinal);
}
