using System.CommandLine;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class MemoryCommands
{
    public static IEnumerable<Command> Build() => [List(), Cat(), Write(), Move(), Remove()];

    private static Command List()
    {
        var prefix = new Argument<string?>("prefix") { Description = "A directory: /org or /org/ (default: the whole store)", Arity = ArgumentArity.ZeroOrOne };
        var depth = new Option<int>("--depth") { Description = "0: everything below (default); N: N levels, deeper ones shown as directories" };
        var longFormat = new Option<bool>("--long", "-l") { Description = "Show size, hash, update time and id" };
        return new Command("ls", "List memories").With(prefix, depth, longFormat).Handle(async (run, ct) =>
        {
            var directory = DirectoryPrefix(run.Parse.GetValue(prefix), "prefix");
            var store = await run.StoreAsync(ct);
            var items = new List<MemoryListItem>();
            await foreach (var item in MemoryResolver.ListAllAsync(run.Client(), store.Id, directory, run.Parse.GetValue(depth), ct))
            {
                items.Add(item);
            }

            if (run.Json)
            {
                run.WriteJson(new PageJson<object>(items.Select(item => item.ToJson()).ToList(), null));
                return ExitCodes.Ok;
            }

            if (items.Count == 0)
            {
                run.Nothing($"no memories in {store.Name}{SearchCommands.Under(run.Parse.GetValue(prefix))}");
            }

            foreach (var item in items)
            {
                run.Line(item switch
                {
                    Memory m when run.Parse.GetValue(longFormat) =>
                        $"{Format.Size(m.ContentSizeBytes),9}  {Format.Hash(m.ContentSha256)}  {Format.Time(m.UpdatedAt)}  {m.Id}  {m.Path}",
                    Memory m => m.Path,
                    _ when run.Parse.GetValue(longFormat) => $"{"dir",9}  {"",12}  {"",20}  {"",30}  {item.Path}",
                    _ => item.Path,
                });
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Cat()
    {
        var reference = MemoryArgument();
        var version = new Option<string?>("--version") { Description = "Print this version (memver_...) instead of the current content" };
        return new Command("cat", "Print a memory's content exactly as stored").With(reference, version).Handle(async (run, ct) =>
        {
            var store = await run.StoreAsync(ct);
            if (run.Parse.GetValue(version) is { } versionId)
            {
                var old = await run.Client().GetVersionAsync(store.Id, versionId, MemoryView.Full, ct);
                if (run.Json)
                {
                    run.WriteJson(old.ToJson());
                }
                else
                {
                    run.Out.Write(old.IsRedacted ? throw new InvalidStateException($"memory_version {old.Id} was redacted; its content is gone") : old.Content);
                }

                return ExitCodes.Ok;
            }

            var memory = await MemoryResolver.ResolveAsync(run.Client(), store.Id, run.Parse.GetValue(reference)!, MemoryView.Full, ct);
            if (run.Json)
            {
                run.WriteJson(memory.ToJson());
            }
            else
            {
                run.Out.Write(memory.Content);
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Write()
    {
        var path = new Argument<string>("path") { Description = "Memory path, such as /notes/todo.md" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read content from this file (default: standard input)" };
        var expect = ExpectOption();
        var reason = ReasonOption();
        var allowEmpty = new Option<bool>("--allow-empty") { Description = "Write an empty memory when standard input is empty (otherwise refused: usually a pipe that gave nothing)" };
        return new Command("write", "Create or update the memory at a path").With(path, file, expect, reason, allowEmpty).Handle(async (run, ct) =>
        {
            var expected = Expected(run, expect);
            var store = await run.StoreAsync(ct);
            var content = await ReadContentAsync(run.Parse.GetValue(file), ct, run.Parse.GetValue(allowEmpty));
            var written = await MemoryWriter.WriteAsync(run.Client(), store.Id, run.Parse.GetValue(path)!, content, expected, run.Parse.GetValue(reason), ct);
            if (written.Proposal is { } proposal)
            {
                return run.Proposed(proposal);
            }

            var outcome = written.Value;
            var memory = outcome.Memory;
            return run.Report(
                memory.ToJson(MemoryView.Basic),
                $"{outcome.Kind.ToString().ToLowerInvariant()} {memory.Path}  {memory.MemoryVersionId}  sha256 {memory.ContentSha256}  {Format.Size(memory.ContentSizeBytes)}");
        });
    }

    private static Command Move()
    {
        var from = MemoryArgument("from");
        var to = new Argument<string>("to") { Description = "New path" };
        var expect = ExpectOption();
        var reason = ReasonOption();
        return new Command("mv", "Rename a memory (it keeps its id)").With(from, to, expect, reason).Handle(async (run, ct) =>
        {
            var expected = Expected(run, expect);
            var store = await run.StoreAsync(ct);
            var memory = await MemoryResolver.ResolveAsync(run.Client(), store.Id, run.Parse.GetValue(from)!, MemoryView.Basic, ct);
            var result = await run.Client().UpdateMemoryAsync(
                store.Id, memory.Id, new UpdateMemoryRequest(Path: run.Parse.GetValue(to), ExpectedContentSha256: Current(expected, memory), Reason: run.Parse.GetValue(reason)), ct);
            if (result.Proposal is { } proposal)
            {
                return run.Proposed(proposal);
            }

            var moved = result.Value;
            return run.Report(moved.ToJson(MemoryView.Basic), $"renamed {memory.Path} -> {moved.Path}  ({moved.Id}, {moved.MemoryVersionId})");
        });
    }

    private static Command Remove()
    {
        var reference = MemoryArgument();
        var expect = ExpectOption();
        var reason = ReasonOption();
        return new Command("rm", "Delete a memory (its history stays)").With(reference, expect, reason).Handle(async (run, ct) =>
        {
            var expected = Expected(run, expect);
            var store = await run.StoreAsync(ct);
            var memory = await MemoryResolver.ResolveAsync(run.Client(), store.Id, run.Parse.GetValue(reference)!, MemoryView.Basic, ct);
            var deleted = await run.Client().DeleteMemoryAsync(store.Id, memory.Id, new DeleteMemoryRequest(Current(expected, memory), run.Parse.GetValue(reason)), ct);
            if (deleted.Proposal is { } proposal)
            {
                return run.Proposed(proposal);
            }

            return run.Report(
                new Dictionary<string, string> { ["type"] = "memory_deleted", ["id"] = memory.Id },
                $"deleted {memory.Path}  ({memory.Id}; its history stays: {Invocation.Command} log {memory.Id})");
        });
    }

    internal static Argument<string> MemoryArgument(string name = "memory") => new(name) { Description = "Memory path (/notes/todo.md) or id (mem_...)" };

    internal static Option<string?> ExpectOption() => new("--expect-sha256")
    {
        Description = "Only write if the current content has this SHA-256, or one starting with these 12 or more characters as `ls -l` and `log` print them (optimistic concurrency)",
    };

    /// <summary>The prefix a person typed for a directory (<c>/org</c> or <c>/org/</c>) as the API takes it, or null for the whole store.</summary>
    internal static string? DirectoryPrefix(string? typed, string field) => typed is null ? null : PathPrefix.ParseDirectory(typed, field).Value;

    /// <summary>The <c>--expect-sha256</c> given, checked for form (a full hash or a prefix of 12 or more), or null.</summary>
    internal static string? Expected(CliRun run, Option<string?> expect) => ExpectedSha256.Validate(run.Parse.GetValue(expect), "--expect-sha256");

    /// <summary>The full hash the precondition <paramref name="expected"/> stands for on <paramref name="memory"/>, as just read.</summary>
    internal static string? Current(string? expected, Memory memory) =>
        expected is null ? null : ExpectedSha256.Resolve(expected, memory.ContentSha256, $"memory {memory.Id} at {memory.Path}");

    internal static Option<string?> ReasonOption() => new("--reason", "-r") { Description = "Why: recorded on the version" };

    /// <summary>
    /// The content from <paramref name="file"/>, else standard input. Empty standard input is refused unless
    /// <paramref name="allowEmpty"/>: an empty pipe is far more often a mistake (a command before it failed, a file
    /// redirected that was empty) than a wish for an empty memory, and a named empty file says what it means.
    /// </summary>
    internal static async Task<string> ReadContentAsync(FileInfo? file, CancellationToken cancellationToken, bool allowEmpty = false)
    {
        byte[] bytes;
        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new InvalidRequestException("--file", $"{file.FullName} does not exist");
            }

            if (file.Length > MemoryContent.MaxBytes)
            {
                throw new ContentTooLargeException("content", (int)Math.Min(file.Length, int.MaxValue));
            }

            bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        else
        {
            if (!Console.IsInputRedirected)
            {
                throw new InvalidRequestException("content", "pass --file FILE or pipe the content on standard input");
            }

            using var buffer = new MemoryStream();
            await using var stdin = Console.OpenStandardInput();
            var chunk = new byte[81_920];
            int read;
            while ((read = await stdin.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MemoryContent.MaxBytes)
                {
                    throw new ContentTooLargeException("content", (int)buffer.Length);
                }
            }

            bytes = buffer.ToArray();
            if (bytes.Length == 0 && !allowEmpty)
            {
                throw new InvalidRequestException("content", "standard input was empty, so there is nothing to write; pass --allow-empty to write an empty memory, or --file FILE");
            }
        }

        return MemoryContent.DecodeUtf8(bytes);
    }
}
