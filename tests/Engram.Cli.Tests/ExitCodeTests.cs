using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Engram.Cli.Tests;

/// <summary>
/// Exit codes say what happened: every code ExitCodes defines is listed in docs/CLI.md and in the README's
/// "Scripting" line, and a real command produces each of them.
/// </summary>
public sealed partial class ExitCodeTests : IDisposable
{
    private readonly EngramProcess _engram = new();

    public void Dispose() => _engram.Dispose();

    /// <summary>Every exit code ExitCodes defines.</summary>
    public static TheoryData<int> Defined()
    {
        var codes = new TheoryData<int>();
        foreach (var code in DefinedCodes())
        {
            codes.Add(code);
        }

        return codes;
    }

    private static SortedSet<int> DefinedCodes() =>
        [.. typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetRawConstantValue()!)];

    [Fact]
    public void The_command_reference_and_the_readme_list_exactly_the_codes_the_command_defines()
    {
        var cli = File.ReadAllText(Path.Combine(Repository(), "docs", "CLI.md"));
        var table = cli[cli.IndexOf("## Exit codes", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var documented = new SortedSet<int>(TableRow().Matches(table).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));

        var readme = File.ReadAllText(Path.Combine(Repository(), "README.md"));
        var scripting = readme[readme.IndexOf("## Scripting", StringComparison.Ordinal)..];
        scripting = scripting[..scripting.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var sentence = ScriptingCodes().Match(scripting).Groups[1].Value;
        var listed = new SortedSet<int>(ReadmeCode().Matches(sentence).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(DefinedCodes(), documented);
        Assert.Equal(DefinedCodes(), listed);
    }

    [Theory]
    [MemberData(nameof(Defined))]
    public async Task Every_defined_exit_code_is_what_a_real_command_answers_when_that_happens(int code)
    {
        (await _engram.RunAsync("init")).Ok();
        (await _engram.RunAsync("store", "create", "team")).Ok();
        var written = (await _engram.RunAsync(["write", "/org/rules.md", "--json"], "be kind\n")).Ok().Json;
        var result = code switch
        {
            0 => await _engram.RunAsync("ls", "/org"),
            1 => await BrokenServerAsync(),
            2 => await _engram.RunAsync("ls", "org"),
            3 => await _engram.RunAsync("cat", "/org/missing.md"),
            4 => await _engram.RunAsync(["write", "/org/rules.md", "--expect-sha256", "0123456789ab"], "be fast\n"),
            5 => await _engram.RunAsync("--api-key", "engram_unknown", "ls"),
            6 => await _engram.RunAsync("--server", $"http://127.0.0.1:{Loopback.ClosedPort()}", "--api-key", "k", "ls"),
            7 => await ProposeAsync(),
            8 => await DegradedDreamAsync(),
            9 => await IncompleteSyncAsync(),
            130 => await CanceledDreamAsync(),
            _ => throw new InvalidOperationException($"exit code {code} is defined but this test does not produce it: add a command that does"),
        };

        Assert.True(result.ExitCode == code, $"expected exit {code}, got {result.ExitCode}\nstdout: {result.Out}\nstderr: {result.Error}");
        Assert.Equal("be kind\n", (await _engram.RunAsync("cat", "/org/rules.md")).Ok().Out);
        Assert.Equal(written.GetProperty("content_sha256").GetString(), (await _engram.RunAsync("cat", "/org/rules.md", "--json")).Ok().Json.GetProperty("content_sha256").GetString());
    }

    private async Task<EngramProcess.Result> BrokenServerAsync()
    {
        await using var server = BrokenServer.Start();
        return await _engram.RunAsync("--server", server.Url, "--api-key", "k", "ls");
    }

    private async Task<EngramProcess.Result> ProposeAsync()
    {
        var token = (await _engram.RunAsync("sessions", "start", "--agent", "scout", "--json")).Ok().Json.GetProperty("token").GetString()!;
        return await _engram.RunAsync(["--api-key", token, "write", "/org/rules.md"], "be kind, and fast\n");
    }

    private async Task<EngramProcess.Result> DegradedDreamAsync()
    {
        (await _engram.RunAsync("sessions", "import", Path.Combine(Repository(), "examples", "transcripts", "deployer"))).Ok();
        var provider = new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-test", ["ANTHROPIC_BASE_URL"] = $"http://127.0.0.1:{Loopback.ClosedPort()}" };
        return await _engram.RunWithEnvironmentAsync(_engram.Data, provider, ["dream", "--since", "3650d"]);
    }

    private async Task<EngramProcess.Result> IncompleteSyncAsync()
    {
        var dir = Path.Combine(_engram.Root, "notes");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "latin1.md"), [0x63, 0x61, 0x66, 0xE9, 0x0A]); // no UTF-8: stays here, tried again next run
        return await _engram.RunAsync("sync", dir, "--once", "--state", Path.Combine(_engram.Root, "sync-state"));
    }

    private async Task<EngramProcess.Result> CanceledDreamAsync()
    {
        (await _engram.RunAsync("sessions", "import", Path.Combine(Repository(), "examples", "transcripts", "deployer"))).Ok();
        var dream = (await _engram.RunAsync("dream", "--since", "3650d", "--detach", "--json")).Ok().Json.GetProperty("id").GetString()!;
        (await _engram.RunAsync("dreams", "cancel", dream)).Ok();
        return await _engram.RunAsync("dreams", "resume", dream);
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engram.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Engram.slnx above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\| (\d+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"(?<![\d-])(\d+) [a-z]")]
    private static partial Regex ReadmeCode();

    [GeneratedRegex(@"exits with a code scripts can rely on:(.*?)\.\s", RegexOptions.Singleline)]
    private static partial Regex ScriptingCodes();

    /// <summary>A loopback server with a bug: every request gets HTTP 500 and the API's internal error body.</summary>
    private sealed class BrokenServer : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _serving;

        private BrokenServer(HttpListener listener, string url)
        {
            _listener = listener;
            Url = url;
            _serving = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public static BrokenServer Start()
        {
            var url = $"http://127.0.0.1:{Loopback.ClosedPort()}";
            var listener = new HttpListener();
            listener.Prefixes.Add(url + "/");
            listener.Start();
            return new BrokenServer(listener, url);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                context.Response.StatusCode = 500;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync("""{"type":"error","error":{"type":"api_error","message":"internal error (request 42)"}}"""u8.ToArray());
                context.Response.Close();
            }
        }
    }
}
