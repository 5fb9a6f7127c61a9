using CsCheck;
using Engram.Sessions;
using Engram.Tests.Sessions.Formats;

namespace Engram.Tests.Sessions;

/// <summary>
/// Hostile input for format detection and every transcript reader: whatever the bytes, detection answers a format or
/// none from a bounded sample, and each reader gives events and skipped records with reasons, never an exception. A
/// failure prints CsCheck's seed; <c>CsCheck_Seed=... dotnet test --filter ...</c> replays it.
/// </summary>
public sealed class HostileTranscriptPropertyTests
{
    [Fact]
    public Task Random_bytes_are_read_by_no_reader_into_an_exception() => NeverThrowsAsync(HostileTranscriptGen.RandomBytes, iter: 150);

    [Fact]
    public Task Random_utf16_is_read_by_no_reader_into_an_exception() => NeverThrowsAsync(HostileTranscriptGen.RandomUtf16, iter: 100);

    [Fact]
    public Task Lines_longer_than_the_sample_and_the_read_buffer_are_read_by_no_reader_into_an_exception() => NeverThrowsAsync(HostileTranscriptGen.HugeLines, iter: 12);

    [Fact]
    public Task Deep_nesting_is_read_by_no_reader_into_an_exception() => NeverThrowsAsync(HostileTranscriptGen.DeepNesting, iter: 100);

    [Fact]
    public Task Records_of_the_formats_own_fields_with_values_of_any_kind_are_read_by_no_reader_into_an_exception() =>
        NeverThrowsAsync(HostileTranscriptGen.StructuredJson, iter: 300);

    [Fact]
    public Task Real_transcripts_cut_and_spliced_with_what_breaks_parsers_are_read_by_no_reader_into_an_exception() =>
        NeverThrowsAsync(HostileTranscriptGen.MutatedFixtures, iter: 300);

    /// <summary>
    /// Detection and the seven readers on one file: no exception; the sample stays within its bounds; every skipped
    /// record says why; a file that is no UTF-8 text is recognized by no format.
    /// </summary>
    private static Task NeverThrowsAsync(Gen<HostileFile> files, long iter) => files.SampleAsync(async file =>
    {
        var directory = Directory.CreateTempSubdirectory("engram-hostile-");
        try
        {
            var path = Path.Combine(directory.FullName, file.Name);
            await File.WriteAllBytesAsync(path, file.Bytes);

            var sample = await TranscriptFormats.SampleAsync(path, CancellationToken.None);
            var detected = TranscriptFormats.Detect(sample);

            Assert.True(sample.Head.Length <= 64 * 1024 && sample.Tail.Length <= 8 * 1024 && sample.Lines.Count <= 8);
            Assert.True(sample.NotText is null || detected is null);
            foreach (var format in TranscriptFormats.All)
            {
                var (events, result) = await FormatFiles.ReadAsync(format, path);
                Assert.All(result.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason), $"{format.Name}: a skipped record without a reason"));
                Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.SourceKey), $"{format.Name}: an event without a source key"));
                Assert.Equal(events.Count, result.Events);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }, iter: iter, print: f => f.ToString());
}
