using System.Text;
using Engram.Sessions;

namespace Engram.Dreaming.Model;

/// <summary>One stored event as a prompt line: its index, kind, tool, and its text as a cut, quoted literal.</summary>
internal static class EventLines
{
    /// <summary>Appends the line for <paramref name="stored"/>, and records it with the batch when it is tool output.</summary>
    public static void Append(StringBuilder prompt, StoredEvent stored, AnalysisBatch batch)
    {
        var e = stored.Event;
        var shown = DataText.Cut(TextOf(e), batch.Options.MaxExcerptChars);
        batch.Shown(stored, shown);
        prompt.Append('[').Append(stored.Index).Append("] ").Append(KindOf(e.Kind));
        if (e.ToolName is { Length: > 0 } tool)
        {
            prompt.Append(' ').Append(DataText.Literal(tool));
        }

        if (e.Kind == TranscriptEventKind.ToolResult && e.IsError)
        {
            prompt.Append(" error");
        }

        if (e.Kind == TranscriptEventKind.ToolResult && e.ExitCode is { } exit)
        {
            prompt.Append(" exit ").Append(exit);
        }

        if (e.OffPath)
        {
            prompt.Append(" off_path");
        }

        prompt.Append(": ").Append(e.Kind == TranscriptEventKind.ToolUse && e.Text is null && DataText.CompactJson(shown) is { } json ? json : DataText.Literal(shown)).Append('\n');
    }

    /// <summary>What an event says: its text, or a tool call's input.</summary>
    public static string TextOf(TranscriptEvent e) => e.Text ?? e.ToolInput ?? "";

    private static string KindOf(TranscriptEventKind kind) => kind switch
    {
        TranscriptEventKind.UserMessage => "user",
        TranscriptEventKind.AgentMessage => "agent",
        TranscriptEventKind.ToolUse => "tool_use",
        TranscriptEventKind.ToolResult => "tool_result",
        TranscriptEventKind.Thinking => "thinking",
        TranscriptEventKind.Compaction => "compaction",
        TranscriptEventKind.Error => "runtime_error",
        TranscriptEventKind.Feedback => "harness",
        _ => "marker",
    };
}
