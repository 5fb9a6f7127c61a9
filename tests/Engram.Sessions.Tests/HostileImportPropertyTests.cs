using CsCheck;
using Engram.Tests.Sessions;

namespace Engram.Sessions.Tests;

/// <summary>
/// Directories of hostile files (random bytes, random UTF-16, huge lines, deep nesting, records of every shape, real
/// transcripts cut and spliced) imported through a client: the import never throws, looks at every file, and each file
/// ends with events in a session or in the report (skipped with its reason, or listed as no transcript). A failure
/// prints CsCheck's seed; <c>CsCheck_Seed=...</c> replays it.
/// </summary>
public sealed class HostileImportPropertyTests
{
    [Fact]
    public Task Every_file_of_a_hostile_directory_ends_with_events_or_in_the_report_and_the_import_goes_on() =>
        Gen.Select(HostileTranscriptGen.Any.Array[1, 4], Gen.OneOf("auto", "auto", "claude-code", "codex", "events", "openai", "messages", "mini-swe-agent", "swe-agent"))
            .SampleAsync(async (files, format) =>
            {
                await using var world = await SessionWorld.StartAsync();
                var directory = Path.Combine(world.Files, "run");
                Directory.CreateDirectory(directory);

                // One file of each real transcript at most: two cut from the same one may be the same log by content (its first 4 KiB).
                var paths = new Dictionary<string, HostileFile>();
                foreach (var (file, index) in files.DistinctBy(f => f.Kind.StartsWith("mutated", StringComparison.Ordinal) ? f.Name : Guid.NewGuid().ToString()).Select((f, i) => (f, i)))
                {
                    var path = Path.Combine(directory, $"{index}-{file.Name}");
                    await File.WriteAllBytesAsync(path, file.Bytes);
                    paths.Add(path, file);
                }

                var summary = await new TranscriptImporter(world.Admin).ImportAsync(directory, new ImportOptions(format), null, CancellationToken.None);

                var transcripts = new List<SessionTranscript>();
                foreach (var session in (await world.Admin.ListSessionsAsync()).Data)
                {
                    transcripts.Add((await world.Admin.GetTranscriptAsync(session.Id))!);
                }

                Assert.Equal(paths.Count, summary.Files);
                foreach (var (path, file) in paths)
                {
                    var reported = summary.Unrecognized.Contains(path) || summary.Skipped.Any(s => s.File == path);
                    var events = transcripts.Where(t => t.SourcePath == path).Sum(t => t.Events);
                    Assert.True(reported || events > 0, $"{Path.GetFileName(path)} ({format}): neither events nor a report: {file}");
                }
            }, iter: 40, threads: 1, print: t => $"{t.Item2}: {string.Join(" | ", t.Item1.Select(f => f.ToString()))}");
}
