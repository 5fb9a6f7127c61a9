using System.Text;
using Engram.Sessions.Formats;

namespace Engram.Sessions;

/// <summary>The transcript formats Engram reads, and detection of a file's format from its first lines.</summary>
internal static class TranscriptFormats
{
    /// <summary>How much of a file detection reads: enough for the first records of any format.</summary>
    private const int SampleBytes = 64 * 1024;

    /// <summary>Lines detection looks at.</summary>
    private const int SampleLines = 8;

    /// <summary>How much of a file's end detection reads: a document's closing properties (a trajectory's format tag and instance id).</summary>
    private const int TailBytes = 8 * 1024;

    /// <summary>
    /// Every format, the most specific first: detection asks them in this order. Agent trajectories come before the
    /// plain chat formats, whose message arrays they contain.
    /// </summary>
    public static IReadOnlyList<ITranscriptFormat> All { get; } =
        [new ClaudeCodeFormat(), new CodexFormat(), new HostedEventsFormat(), new MiniSweAgentFormat(), new SweAgentFormat(), new OpenAiChatFormat(), new MessagesFormat()];

    /// <summary>The format named <paramref name="name"/>, or null.</summary>
    public static ITranscriptFormat? Named(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>The format of the file at <paramref name="path"/>, or null when none recognizes it.</summary>
    public static async Task<ITranscriptFormat?> DetectAsync(string path, CancellationToken cancellationToken)
    {
        var sample = await SampleAsync(path, cancellationToken).ConfigureAwait(false);
        return Detect(sample);
    }

    /// <summary>The format of the file <paramref name="sample"/> was taken from, or null when none recognizes it (or it is no text).</summary>
    public static ITranscriptFormat? Detect(TranscriptSample sample) => Detect(sample, All);

    /// <summary>The first of <paramref name="formats"/> that recognizes the file <paramref name="sample"/> was taken from, or null.</summary>
    internal static ITranscriptFormat? Detect(TranscriptSample sample, IReadOnlyList<ITranscriptFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.NotText is null ? formats.FirstOrDefault(f => f.Recognizes(sample)) : null;
    }

    /// <summary>The start of a file (its first 64 KiB decoded leniently, and its first non-empty lines) and its last 8 KiB.</summary>
    public static async Task<TranscriptSample> SampleAsync(string path, CancellationToken cancellationToken)
    {
        var buffer = new byte[SampleBytes];
        var tail = new byte[TailBytes];
        int length;
        var tailLength = 0;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (length == buffer.Length && stream.Length > length)
            {
                stream.Position = Math.Max(length, stream.Length - TailBytes);
                tailLength = await stream.ReadAtLeastAsync(tail, tail.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
        }

        var notText = TranscriptEncoding.WhyNotUtf8(buffer.AsSpan(0, length));
        JsonEscapes.ReplaceLoneSurrogates(buffer.AsSpan(0, length), final: true); // the sample reads like the records the readers see
        var lenient = new UTF8Encoding(false, false);
        var head = lenient.GetString(buffer, 0, length).TrimStart('\uFEFF');
        var lines = head.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).Take(SampleLines).ToList();
        return new TranscriptSample(path, head, lines, lenient.GetString(tail, 0, tailLength), notText);
    }
}
