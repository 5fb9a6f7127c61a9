using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Model;

/// <summary>
/// The tool output a sub-agent has been shown, kept as runs of <see cref="RunWords"/> words, so a finding whose
/// wording copies it (a fetched page, a file, a command's output) can be flagged untrusted: such text comes
/// from whatever the tool read, not from the user or the agent.
/// </summary>
internal sealed class ToolOutputWording
{
    /// <summary>Words in a run: long enough that common phrases ("the file could not be found") do not match by chance.</summary>
    public const int RunWords = 8;

    private readonly HashSet<string> _runs = new(StringComparer.Ordinal);

    /// <summary>Remembers the runs of <paramref name="toolOutput"/>.</summary>
    public void Saw(string toolOutput)
    {
        var words = SignalText.Words(toolOutput).ToArray();
        for (var i = 0; i + RunWords <= words.Length; i++)
        {
            _runs.Add(string.Join(' ', words, i, RunWords));
        }
    }

    /// <summary>True when <paramref name="text"/> shares a run of <see cref="RunWords"/> consecutive words with tool output seen.</summary>
    public bool Echoes(string text)
    {
        if (_runs.Count == 0)
        {
            return false;
        }

        var words = SignalText.Words(text).ToArray();
        for (var i = 0; i + RunWords <= words.Length; i++)
        {
            if (_runs.Contains(string.Join(' ', words, i, RunWords)))
            {
                return true;
            }
        }

        return false;
    }
}
