using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;

namespace Engram.Cli.Tests;

/// <summary>The README at the checkout's root, read as its reader reads it: the code blocks, and the commands in them.</summary>
[UnsupportedOSPlatform("windows")] // the README's commands are shell commands
internal static partial class Readme
{
    /// <summary>One command of a <c>```sh</c> block: the README line it is on, the section it is in, and its text as written.</summary>
    public sealed record Command(int LineNumber, string Section, string Text)
    {
        /// <summary>The command without its trailing <c># comment</c> (a <c>#</c> that starts a word outside quotes, as the shell reads it).</summary>
        public string WithoutComment => Readme.WithoutComment(Text);

        public override string ToString() => $"README.md:{LineNumber} ({Section}): {Text}";
    }

    public static string Text => File.ReadAllText(Checkout.PathOf("README.md"));

    /// <summary>Every non-empty line of every <c>```sh</c> block, in order (a line ending in <c>\</c> joined with the next).</summary>
    public static IReadOnlyList<Command> ShellCommands() => [.. Blocks("sh").SelectMany(block => block.Lines)];

    /// <summary>The text of every block fenced as <paramref name="language"/>.</summary>
    public static IReadOnlyList<string> BlockTexts(string language) => [.. Blocks(language).Select(b => string.Join('\n', b.Lines.Select(l => l.Text)))];

    private static IEnumerable<(string Section, List<Command> Lines)> Blocks(string language)
    {
        var lines = Text.ReplaceLineEndings("\n").Split('\n');
        var section = "";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                section = lines[i][3..];
            }

            if (lines[i].Trim() != "```" + language)
            {
                continue;
            }

            var block = new List<Command>();
            var pending = new StringBuilder();
            var first = 0;
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                if (pending.Length == 0)
                {
                    first = i + 1;
                }

                pending.Append(lines[i].EndsWith('\\') ? lines[i][..^1] : lines[i]);
                if (!lines[i].EndsWith('\\'))
                {
                    if (language != "sh" || (pending.ToString().Trim() is { Length: > 0 } text && !text.StartsWith('#')))
                    {
                        block.Add(new Command(first, section, language == "sh" ? pending.ToString().Trim() : pending.ToString()));
                    }

                    pending.Clear();
                }
            }

            yield return (section, block);
        }
    }

    /// <summary><paramref name="line"/> without its trailing <c># comment</c>, as the shell reads it.</summary>
    public static string WithoutComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i].TrimEnd();
            }
        }

        return line.TrimEnd();
    }

    /// <summary>
    /// A directory laid out as a checkout is for the README's commands: <c>./engram</c> (here the test's own build of the
    /// command, as the script at the root runs it once built) and <c>examples/</c> (a copy), with a fresh home directory
    /// and temporary directory beside it. Commands run there with <c>bash -c</c>, as typed, with no Engram or model
    /// settings in the environment.
    /// </summary>
    public sealed class Place : IDisposable
    {
        public Place()
        {
            Directory.CreateDirectory(Work);
            Directory.CreateDirectory(Home);
            Directory.CreateDirectory(Temporary);
            var script = Path.Combine(Work, "engram");
            File.WriteAllText(script, $"#!/usr/bin/env bash\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "Engram.Cli.dll")}\" \"$@\"\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Copy(Checkout.PathOf("examples", "transcripts"), Path.Combine(Work, "examples", "transcripts"));
        }

        public string Root { get; } = Path.Combine(Path.GetTempPath(), "engram-readme-" + Guid.NewGuid().ToString("N")[..12]);

        /// <summary>Where the commands run: the checkout's stand-in (its <c>./.engram</c> is the walkthrough's data directory).</summary>
        public string Work => Path.Combine(Root, "checkout");

        /// <summary><c>~</c> for the commands.</summary>
        public string Home => Path.Combine(Root, "home");

        private string Temporary => Path.Combine(Root, "tmp");

        public async Task<EngramProcess.Result> RunAsync(string command, string? stdin = null)
        {
            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Work,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ENGRAM_", StringComparison.Ordinal) || k == "XDG_STATE_HOME").ToList())
            {
                start.Environment.Remove(name);
            }

            EngramProcess.WithoutModels(start);
            start.Environment["HOME"] = Home;
            start.Environment["TMPDIR"] = Temporary;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            return new EngramProcess.Result(process.ExitCode, await output, await error);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }

        private static void Copy(string from, string to)
        {
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
