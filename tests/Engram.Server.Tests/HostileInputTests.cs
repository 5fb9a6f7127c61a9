using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Engram.Access;
using Engram.Memories;

namespace Engram.Server.Tests;

/// <summary>
/// Random mutations of real requests (their paths, query strings, bodies, content types and keys) against the
/// real server: it never answers 5xx or shows internals, and a request it refuses (4xx) leaves every store,
/// memory, version and proposal exactly as it was. Grow it: add a template for each new endpoint, and a
/// mutation for each new way in.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    /// <summary>Requests per run: a few seconds on a loaded machine, enough to meet every template under many mutations.</summary>
    private const int Iterations = 500;

    private TestServer _server = null!;
    private HttpClient _http = null!;
    private Caller _operator = null!;
    private Fixture _fixture = null!;

    public async Task InitializeAsync()
    {
        // Dreams would change stores in the background, between a request and the look after it.
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0, FailedAuthenticationLimit = 0, RunDreams = false });
        _http = new HttpClient();
        _operator = Caller.LocalOperator(_server.AdminUserId);
        _fixture = await Fixture.CreateAsync(_server, _operator);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Hostile_paths_and_bodies_never_fail_the_server_and_a_refused_request_changes_nothing()
    {
        var templates = Template.All(_fixture);
        var probes = Gen.Select(Gen.Int[0, templates.Count - 1], PathMutation.Gen, QueryMutation.Gen, BodyMutation.Gen, Gen.Frequency((8, 0), (1, 1), (1, 2), (1, 3)),
            (template, path, query, body, auth) => new Probe(templates[template], path, query, body, auth));

        try
        {
            await SampleAsync(probes);
        }
        catch (CsCheckException failed) when (failed.InnerException is { } why)
        {
            // CsCheck keeps the assertion that failed inside; the runner prints only the outer message.
            throw new Xunit.Sdk.XunitException($"{failed.Message}\n{why.Message}");
        }
    }

    private Task SampleAsync(Gen<Probe> probes) =>
        probes.SampleAsync(async probe =>
        {
            var before = await SnapshotAsync();
            using var request = probe.ToRequest(_fixture, _server.Url);
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;

            Assert.True(status < 500, $"{probe}\n=> {status} {text}");
            Assert.False(text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal), $"{probe}\n=> internals in {text}");
            if (status >= 400)
            {
                Assert.True(before == await SnapshotAsync(), $"{probe}\n=> {status} {text}\nchanged the stores");
            }
        }, iter: Iterations, threads: 1, print: probe => probe.ToString());

    /// <summary>Everything a write could touch, in a fixed order: stores, memories, versions and proposals.</summary>
    private async Task<string> SnapshotAsync()
    {
        var text = new StringBuilder();
        var stores = new List<MemoryStore>();
        string? page = null;
        do
        {
            var listed = await _server.Engine.Memories.ListStoresAsync(_operator, new StoreListQuery(Limit: 100, Page: page, IncludeArchived: true), CancellationToken.None);
            stores.AddRange(listed.Data);
            page = listed.NextPage;
        }
        while (page is not null);

        foreach (var store in stores.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{store.Id} {store.Name} {store.Description} {string.Join(',', store.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))} {store.UpdatedAt:O} {store.ArchivedAt:O}\n");
            page = null;
            do
            {
                var memories = await _server.Engine.Memories.ListMemoriesAsync(_operator, store.Id, new MemoryListQuery(Limit: 100, Page: page), CancellationToken.None);
                foreach (var memory in memories.Data.OfType<Memory>())
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {memory.Id} {memory.Path} {memory.ContentSha256} {memory.MemoryVersionId} {memory.UpdatedAt:O}\n");
                }

                page = memories.NextPage;
            }
            while (page is not null);

            do
            {
                var versions = await _server.Engine.Memories.ListVersionsAsync(_operator, store.Id, new VersionListQuery(Limit: 100, Page: page), CancellationToken.None);
                foreach (var version in versions.Data)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {version.Id} {version.Operation} {version.Path} {version.ContentSha256} {version.RedactedAt:O}\n");
                }

                page = versions.NextPage;
            }
            while (page is not null);

            foreach (var proposal in await _server.Engine.Storage.ListProposalsAsync(store.Id, null, null, null, 1_000, CancellationToken.None))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {proposal.Id} {proposal.Status}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>What the requests refer to: a store to write in, another to confuse it with, an archived one, and their memories.</summary>
    internal sealed record Fixture(string Store, string Other, string Archived, string Notes, string Nested, string OtherMemory, string NotesVersion, string NotesSha, string AdminKey, string ReadOnlyToken, string AdminKeyId)
    {
        public static async Task<Fixture> CreateAsync(TestServer server, Caller admin)
        {
            var memories = server.Engine.Memories;
            var none = CancellationToken.None;
            var store = await memories.CreateStoreAsync(admin, new CreateStoreRequest("hostile", "the store under attack", new Dictionary<string, string> { ["team"] = "red" }), none);
            var other = await memories.CreateStoreAsync(admin, new CreateStoreRequest("other"), none);
            var archived = await memories.CreateStoreAsync(admin, new CreateStoreRequest("archived"), none);
            var notes = (await memories.CreateMemoryAsync(admin, store.Id, new CreateMemoryRequest("/notes.md", "# Notes\n\nDeploy on Tuesdays.\n"), none)).Value;
            var nested = (await memories.CreateMemoryAsync(admin, store.Id, new CreateMemoryRequest("/a/b.md", "nested"), none)).Value;
            var otherMemory = (await memories.CreateMemoryAsync(admin, other.Id, new CreateMemoryRequest("/x.md", "elsewhere"), none)).Value;
            await memories.ArchiveStoreAsync(admin, archived.Id, none);
            var session = await server.Engine.Access.RegisterSessionAsync(
                admin, new RegisterSessionRequest("reader", Stores: [new SessionAttachment(store.Id, AttachmentAccess.ReadOnly, "")]), none);
            return new Fixture(store.Id, other.Id, archived.Id, notes.Id, nested.Id, otherMemory.Id, notes.MemoryVersionId, notes.ContentSha256,
                server.Admin.Secret, session.Token, server.Admin.Key.Id);
        }
    }

    /// <summary>A valid request to start from: its method, path (with query) and JSON body.</summary>
    internal sealed record Template(string Method, string Path, string? Body)
    {
        public static IReadOnlyList<Template> All(Fixture f) =>
        [
            new("POST", "/v1/memory_stores", """{"name": "made", "description": "d", "metadata": {"k": "v"}}"""),
            new("GET", "/v1/memory_stores?limit=5", null),
            new("GET", $"/v1/memory_stores/{f.Store}", null),
            new("POST", $"/v1/memory_stores/{f.Store}", """{"description": "changed", "metadata": {"team": null, "k": "v"}}"""),
            new("POST", $"/v1/memory_stores/{f.Archived}", """{"name": "renamed"}"""),
            new("POST", $"/v1/memory_stores/{f.Archived}/archive", null),
            new("POST", $"/v1/memory_stores/{f.Store}/memories", """{"path": "/new/made.md", "content": "made", "reason": "test"}"""),
            new("POST", $"/v1/memory_stores/{f.Archived}/memories", """{"path": "/y.md", "content": "archived"}"""),
            new("GET", $"/v1/memory_stores/{f.Store}/memories?path_prefix=/&depth=1&view=full", null),
            new("GET", $"/v1/memory_stores/{f.Store}/memories/{f.Notes}", null),
            new("POST", $"/v1/memory_stores/{f.Store}/memories/{f.Notes}", $$$"""{"content": "edited", "path": "/notes.md", "precondition": {"type": "content_sha256", "content_sha256": "{{{f.NotesSha}}}"}}"""),
            new("POST", $"/v1/memory_stores/{f.Store}/memories/{f.Nested}", """{"path": "/a/c.md"}"""),
            new("DELETE", $"/v1/memory_stores/{f.Store}/memories/{f.Nested}?expected_content_sha256={f.NotesSha}", null),
            new("GET", $"/v1/memory_stores/{f.Store}/memory_by_path?path=/notes.md", null),
            new("POST", $"/v1/memory_stores/{f.Store}/memories/{f.Notes}/revert", $$"""{"version_id": "{{f.NotesVersion}}", "reason": "back"}"""),
            new("GET", $"/v1/memory_stores/{f.Store}/memory_versions?memory_id={f.Notes}&operation=created", null),
            new("GET", $"/v1/memory_stores/{f.Store}/memory_versions/{f.NotesVersion}", null),
            new("POST", $"/v1/memory_stores/{f.Other}/memory_versions/{f.NotesVersion}/redact", null),
            new("GET", $"/v1/memory_stores/{f.Store}/search?q=deploy&limit=3", null),
            new("GET", $"/v1/memory_stores/{f.Store}/catalog?path_prefix=/", null),
            new("GET", $"/v1/memory_stores/{f.Store}/proposals?status=pending", null),
            new("GET", $"/v1/engram/context?budget=300&memory_store_id={f.Store}", null),
            new("POST", $"/v1/engram/memory_stores/{f.Store}/memory_tool", """{"command": "create", "path": "/memories/tool.md", "file_text": "by tool"}"""),
            new("POST", $"/v1/engram/memory_stores/{f.Store}/memory_tool", """{"command": "str_replace", "path": "/memories/notes.md", "old_str": "Tuesdays", "new_str": "Fridays"}"""),
            new("POST", "/v1/engram/policies/test", $$"""{"subject_id": "{{f.AdminKeyId}}", "memory_store_id": "{{f.Store}}", "path": "/notes.md", "capability": "read"}"""),
            new("GET", $"/v1/engram/policies?memory_store_id={f.Store}", null),
            new("POST", "/v1/engram/principals", """{"kind": "user", "name": "someone", "role": "member"}"""),
            new("GET", "/v1/engram/audit?limit=5", null),
            new("GET", "/v1/sessions?limit=2", null),
            new("POST", "/v1/dreams", $$"""{"inputs": [{"type": "memory_store", "memory_store_id": "{{f.Store}}"}, {"type": "sessions", "session_ids": []}], "model": "claude-opus-4-1"}"""),
            new("GET", "/v1/dreams", null),
            new("POST", "/mcp", """{"jsonrpc": "2.0", "id": 1, "method": "resources/read", "params": {"uri": "engram://STORE/notes.md"}}""".Replace("STORE", f.Store, StringComparison.Ordinal)),
            new("POST", "/mcp", """{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "memory_view", "arguments": {"path": "/memories", "store": "hostile"}}}"""),
        ];

        /// <summary>The top-level keys of the body, in order: what body mutations pick from.</summary>
        public IReadOnlyList<string> Keys => Body is null ? [] : System.Text.Json.JsonDocument.Parse(Body).RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }

    internal sealed record Probe(Template Template, PathMutation Path, QueryMutation Query, BodyMutation Body, int Auth)
    {
        /// <summary>The request, on an absolute URL: a path that starts "//" must not be read as another host.</summary>
        public HttpRequestMessage ToRequest(Fixture fixture, string server)
        {
            var split = Template.Path.IndexOf('?', StringComparison.Ordinal);
            var path = split < 0 ? Template.Path : Template.Path[..split];
            var query = split < 0 ? "" : Template.Path[(split + 1)..];
            var request = new HttpRequestMessage(new HttpMethod(Template.Method), new Uri(server + Path.Apply(path) + Query.Apply(query), UriKind.Absolute));
            if (Body.Apply(Template) is { } body)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = null;
                if (Body.ContentType(Template) is { } contentType)
                {
                    request.Content.Headers.TryAddWithoutValidation("content-type", contentType);
                }
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            switch (Auth)
            {
                case 0: request.Headers.Add("x-api-key", fixture.AdminKey); break;
                case 1: request.Headers.Add("x-api-key", fixture.ReadOnlyToken); break;
                case 2: request.Headers.TryAddWithoutValidation("Authorization", "Bearer engram_sk_" + new string('A', 43)); break;
                default: break;
            }

            return request;
        }

        public override string ToString() =>
            $"{Template.Method} {Template.Path} {(Template.Body is null ? "" : "body")} | path {Path} | query {Query} | body {Body} | auth {new[] { "admin", "read-only session", "wrong key", "none" }[Auth]}";
    }

    /// <summary>A change to the URL path: a segment upper-cased, replaced, dotted around, doubled or percent-encoded.</summary>
    internal sealed record PathMutation(int Kind, int Segment, int Value)
    {
        private static readonly string[] Segments =
        [
            "", ".", "..", "%2e%2e", "%2F", "%00", "%FF", "%C3%28", "mem_", "memstore_", "memver_", "mem_0000000000000000000000000000",
            "memstore_01ZZZZZZZZZZZZZZZZZZZZZZZZ", new string('a', 3_000), "%C3%BC", "%E2%80%A8", "{store_id}", "*", "%20", "MEMORIES", "a.json",
        ];

        public static readonly Gen<PathMutation> Gen = CsCheck.Gen.Select(
            CsCheck.Gen.Frequency((6, 0), (1, 1), (2, 2), (1, 3), (1, 4), (1, 5), (1, 6)), CsCheck.Gen.Int[0, 7], CsCheck.Gen.Int[0, Segments.Length - 1],
            (kind, segment, value) => new PathMutation(kind, segment, value));

        public string Apply(string path)
        {
            var segments = path.Split('/').ToList();
            var at = 1 + (Segment % (segments.Count - 1));
            switch (Kind)
            {
                case 1: segments[at] = segments[at].ToUpperInvariant(); break;
                case 2: segments[at] = Segments[Value]; break;
                case 3: segments.Insert(at, "x/.."); break;
                case 4: segments.Insert(at, ""); break;
                case 5: segments.Add(Segments[Value]); break;
                case 6: segments[at] = string.Concat(segments[at].Select((c, i) => i == 0 ? $"%{(int)c:X2}" : c.ToString())); break;
                default: break;
            }

            return string.Join('/', segments);
        }

        public override string ToString() => Kind switch
        {
            0 => "as is",
            1 => $"segment {Segment} upper-cased",
            2 => $"segment {Segment} -> \"{Short(Segments[Value])}\"",
            3 => $"x/.. before segment {Segment}",
            4 => $"empty segment before {Segment}",
            5 => $"+ /\"{Short(Segments[Value])}\"",
            _ => $"segment {Segment} percent-encoded",
        };
    }

    /// <summary>A query parameter added (or given twice) with a hostile value.</summary>
    internal sealed record QueryMutation(int Name, int Value, bool Twice)
    {
        private static readonly string[] Names =
        [
            "", "limit", "page", "view", "depth", "path_prefix", "path", "expected_content_sha256", "include_archived", "created_at[gte]", "q", "mode",
            "budget", "memory_id", "operation", "reason", "statuses", "memory_store_id", "store", "root", "status", "tags", "stale", "updated_since",
        ];

        private static readonly string[] Values =
        [
            "-1", "0", "101", "99999999999999999999", "abc", "", "%FF", "%C3%28", "/../", "/", "full", "basic", "true", "maybe", "2020-13-45",
            new string('z', 5_000), "%00", "null", "[]", "\"\"", "/notes.md", "/a/", "%2Fnotes.md", "*", "%E2%80%AE", "1e9", "memver_x",
        ];

        public static readonly Gen<QueryMutation> Gen = CsCheck.Gen.Select(
            CsCheck.Gen.Frequency((8, 0), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8), (1, 9), (1, 10), (1, 11), (1, 12), (1, 13), (1, 14), (1, 15), (1, 16), (1, 17), (1, 18), (1, 19), (1, 20), (1, 21), (1, 22), (1, 23)),
            CsCheck.Gen.Int[0, Values.Length - 1], CsCheck.Gen.Bool, (name, value, twice) => new QueryMutation(name, value, twice));

        public string Apply(string query)
        {
            var parts = query.Length == 0 ? new List<string>() : [.. query.Split('&')];
            if (Name > 0)
            {
                parts.Add($"{Names[Name]}={Values[Value]}");
                if (Twice)
                {
                    parts.Add($"{Names[Name]}={Values[Value]}");
                }
            }

            return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
        }

        public override string ToString() => Name == 0 ? "as is" : $"{Names[Name]}=\"{Short(Values[Value])}\"{(Twice ? " twice" : "")}";
    }

    /// <summary>A change to the body: a field set to a hostile value, dropped, doubled or re-cased; bytes broken; another media type.</summary>
    internal sealed record BodyMutation(int Kind, int Field, int Value, int Position)
    {
        private static readonly string[] JsonValues =
        [
            "5", "-1", "1e309", "1.5", "true", "null", "[]", "{}", "\"\"", "\"\\u0000\"", "\"../../etc\"", "\"/a/../b\"", "\"\\ud800\"", "\"e\\u0301\"",
            "\"/\\u2028\"", "\"/\\u202e.md\"", "{\"type\": \"content_sha256\"}", "[1, 2, 3]", "\"memver_nope\"", "\"/notes.md\"", "\"/a\"", "\"/a/b.md/c\"",
            "\"/x/\"", "\"" + string.Concat(Enumerable.Repeat("/s", 25)) + "\"", "\"" + new string('c', 102_401) + "\"", "\"" + new string('p', 1_100) + "\"",
            "{\"team\": 1}", "{\"k\": {\"deep\": true}}", "\"memstore_01ZZZZZZZZZZZZZZZZZZZZZZZZ\"", "\"create\"", "\"delete\"", "\"rename\"", "\"view\"",
            "\"/memories/../etc\"", "\"/memories\"", "99999999999999999999",
        ];

        private static readonly byte[][] BadBytes = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0x00]];

        private static readonly string?[] ContentTypes =
            ["text/plain", null, "application/json; charset=latin1", "application/json; charset=utf-16", "multipart/form-data; boundary=x", ";;;", "application/xml", "application/JSON", "application/merge-patch+json"];

        public static readonly Gen<BodyMutation> Gen = CsCheck.Gen.Select(
            CsCheck.Gen.Frequency((6, 0), (6, 1), (1, 2), (1, 3), (1, 4), (1, 5), (2, 6), (1, 7), (1, 8), (1, 9), (1, 10), (1, 11), (1, 12)),
            CsCheck.Gen.Int[0, 7], CsCheck.Gen.Int[0, 1_000], CsCheck.Gen.Int[0, 10_000],
            (kind, field, value, position) => new BodyMutation(kind, field, value, position));

        public byte[]? Apply(Template template)
        {
            if (template.Body is null)
            {
                // A body where none is expected: sometimes one with a hostile media type or bytes.
                return Kind is 6 or 11 ? Encoding.UTF8.GetBytes("{\"x\": 1}") : Kind == 7 ? [0xFF, 0xFE] : null;
            }

            var keys = template.Keys;
            var key = keys[Field % keys.Count];
            var json = template.Body;
            return Kind switch
            {
                1 => Encoding.UTF8.GetBytes(SetField(json, key, JsonValues[Value % JsonValues.Length])),
                2 => Encoding.UTF8.GetBytes(RemoveField(json, key)),
                3 => Encoding.UTF8.GetBytes(json.Insert(1, $"\"{key}\": {JsonValues[Value % JsonValues.Length]}, ")),
                4 => Encoding.UTF8.GetBytes(json.Insert(1, $"\"{key.ToUpperInvariant()}\": {JsonValues[Value % JsonValues.Length]}, ")),
                5 => Encoding.UTF8.GetBytes(json.Insert(1, "\"unknown_field\": {\"nested\": [1, {\"a\": null}]}, ")),
                7 => Insert(Encoding.UTF8.GetBytes(json), BadBytes[Value % BadBytes.Length]),
                8 => Encoding.UTF8.GetBytes(json)[..(Position % json.Length)],
                9 => [.. new Random(Value).GetItems(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 1 + (Position % 200))],
                10 => [],
                11 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\": [", 40 + (Value % 40))) + "1" + string.Concat(Enumerable.Repeat("]}", 40 + (Value % 40)))),
                12 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)],
                _ => Encoding.UTF8.GetBytes(json),
            };
        }

        public string? ContentType(Template template) => Kind == 6 ? ContentTypes[Value % ContentTypes.Length] : "application/json";

        private byte[] Insert(byte[] body, byte[] bad)
        {
            var at = Position % (body.Length + 1);
            return [.. body[..at], .. bad, .. body[at..]];
        }

        private static string SetField(string json, string key, string value)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            node.Remove(key);
            var text = node.ToJsonString();
            return text.Length <= 2 ? $"{{\"{key}\": {value}}}" : text.Insert(1, $"\"{key}\": {value}, ");
        }

        private static string RemoveField(string json, string key)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
            node.Remove(key);
            return node.ToJsonString();
        }

        public override string ToString() => Kind switch
        {
            0 => "as is",
            1 => $"field #{Field} = {Short(JsonValues[Value % JsonValues.Length])}",
            2 => $"field #{Field} removed",
            3 => $"field #{Field} given twice (first {Short(JsonValues[Value % JsonValues.Length])})",
            4 => $"field #{Field} again in upper case",
            5 => "unknown field added",
            6 => $"content-type {ContentTypes[Value % ContentTypes.Length] ?? "(none)"}",
            7 => $"bad bytes {Convert.ToHexString(BadBytes[Value % BadBytes.Length])} at {Position}",
            8 => $"truncated at {Position}",
            9 => $"random bytes (seed {Value})",
            10 => "empty",
            11 => "nested 40+ deep",
            _ => "byte-order mark",
        };
    }

    private static string Short(string text) => text.Length > 40 ? $"{text[..20]}...({text.Length} chars)" : text;
}
