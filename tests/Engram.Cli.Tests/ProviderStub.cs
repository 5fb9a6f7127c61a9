using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Engram.Cli.Tests;

/// <summary>
/// A loopback stand-in for the Messages API (<c>POST /v1/messages</c>) that answers like a careful sub-agent would:
/// for each session of a batch whose signals show the harness refusing a reply's format, it reports one finding
/// citing that event; once it has its tool results it ends its turn; asked to word a line (no tools), it answers with
/// one bullet. Or, with <see cref="FailWith"/>, it answers every request with that HTTP status. Every request body is kept.
/// It is an <see cref="HttpListener"/>: the engram process under test is the one that speaks HTTP through the SDK.
/// </summary>
internal sealed partial class ProviderStub : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _serving;

    private ProviderStub(HttpListener listener, string baseUrl)
    {
        _listener = listener;
        BaseUrl = baseUrl;
        _serving = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public List<JsonElement> Requests { get; } = [];

    /// <summary>Answer every request with this status (a provider that is down), or 0 to answer normally.</summary>
    public int FailWith { get; set; }

    public static Task<ProviderStub> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var listener = new HttpListener();
        var baseUrl = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(baseUrl + "/");
        listener.Start();
        return Task.FromResult(new ProviderStub(listener, baseUrl));
    }

    /// <summary>The text of every analysis prompt sent (requests with tools), in order.</summary>
    public IEnumerable<string> AnalysisPrompts() =>
        Requests.Where(r => r.TryGetProperty("tools", out _)).Select(r => r.GetProperty("messages")[0].GetProperty("content") is { ValueKind: JsonValueKind.String } s
            ? s.GetString()! : string.Concat(r.GetProperty("messages")[0].GetProperty("content").EnumerateArray().Select(b => b.TryGetProperty("text", out var t) ? t.GetString() : "")));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ConfigureAwait(false);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var (status, body) = await AnswerAsync(context.Request).ConfigureAwait(false);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    private async Task<(int Status, string Body)> AnswerAsync(HttpListenerRequest http)
    {
        using var document = await JsonDocument.ParseAsync(http.InputStream).ConfigureAwait(false);
        var request = document.RootElement.Clone();
        lock (Requests)
        {
            Requests.Add(request);
        }

        if (FailWith != 0)
        {
            return (FailWith, """{"type":"error","error":{"type":"api_error","message":"stubbed outage"}}""");
        }

        var messages = request.GetProperty("messages");
        var last = messages[messages.GetArrayLength() - 1];
        JsonArray content;
        string stop;
        if (!request.TryGetProperty("tools", out _))
        {
            (content, stop) = ([new JsonObject { ["type"] = "text", ["text"] = "- Reply with exactly one bash block per turn." }], "end_turn");
        }
        else if (last.GetProperty("content").ValueKind == JsonValueKind.Array && last.GetProperty("content").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "tool_result"))
        {
            (content, stop) = ([new JsonObject { ["type"] = "text", ["text"] = "Reported the format refusals." }], "end_turn");
        }
        else
        {
            content = [];
            var prompt = last.GetProperty("content") is { ValueKind: JsonValueKind.String } s ? s.GetString()! : last.GetProperty("content")[0].GetProperty("text").GetString()!;
            foreach (Match session in Session().Matches(prompt))
            {
                if (FormatRefusal().Match(session.Groups["body"].Value) is { Success: true } refusal)
                {
                    content.Add(new JsonObject
                    {
                        ["type"] = "tool_use",
                        ["id"] = $"toolu_{content.Count:D2}",
                        ["name"] = "report_finding",
                        ["input"] = new JsonObject
                        {
                            ["signature"] = "one bash block per reply",
                            ["title"] = "The harness rejects replies with more than one bash block",
                            ["target_path"] = "/agents/gemini-3-pro-preview/notes.md",
                            ["text"] = "- Put exactly one bash block in each reply; the harness rejects a reply with two.",
                            ["rationale"] = "The harness refused replies that held several actions.",
                            ["evidence"] = new JsonArray(new JsonObject { ["session_id"] = session.Groups["id"].Value, ["event_index"] = long.Parse(refusal.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) }),
                            ["relies_on_tool_output"] = false,
                        },
                    });
                }
            }

            stop = content.Count > 0 ? "tool_use" : "end_turn";
            if (content.Count == 0)
            {
                content.Add(new JsonObject { ["type"] = "text", ["text"] = "Nothing to report." });
            }
        }

        return (200, new JsonObject
        {
            ["id"] = $"msg_{Requests.Count:D3}",
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = request.GetProperty("model").GetString(),
            ["content"] = content,
            ["stop_reason"] = stop,
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = 1_000, ["output_tokens"] = 50 },
        }.ToJsonString());
    }

    [GeneratedRegex(@"<session id=""(?<id>sesn_\w+)""(?<body>.*?)</session>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Session();

    [GeneratedRegex(@"\[(?<index>\d+)\] harness_feedback quote=""Please always provide EXACTLY ONE action", RegexOptions.CultureInvariant)]
    private static partial Regex FormatRefusal();
}
