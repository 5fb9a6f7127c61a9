namespace Engram.Cli;

/// <summary>
/// Progress on stderr: on a terminal one line rewritten in place (cleared when done), elsewhere plain lines, so
/// logs and pipes get readable text and stdout stays the command's answer.
/// </summary>
internal sealed class ProgressLine(bool plain) : IDisposable
{
    private bool _drawn;

    public void Show(string line)
    {
        if (plain)
        {
            Console.Error.WriteLine(line);
            return;
        }

        Console.Error.Write($"\r{line}\u001b[K");
        _drawn = true;
    }

    /// <summary>Clears the in-place line, if one is drawn.</summary>
    public void Finish()
    {
        if (_drawn)
        {
            Console.Error.Write("\r\u001b[K");
            _drawn = false;
        }
    }

    public void Dispose() => Finish();
}
