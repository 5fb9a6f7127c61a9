using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engram.Access;

namespace Engram.Server.Tests;

/// <summary>The HTTP surface with a plain client: extensions, bad input, auth, limits, operations.</summary>
public sealed partial class HttpSurfaceTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 0 });
        _http = _server.Http();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Memories_carry_their_hash_as_a_strong_etag_and_if_match_guards_update_and_delete()
    {
        var store = await NewStoreAsync();
        var created = await PostAsync($"/v1/memory_stores/{store}/memories", new { path = "/e.md", content = "one" });
        var id = created.GetProperty("id").GetString()!;
        var sha = created.GetProperty("content_sha256").GetString()!;

        using var get = await _http.GetAsync($"/v1/memory_stores/{store}/memories/{id}");
        Assert.Equal($"\"{sha}\"", get.Headers.ETag!.ToString());
        Assert.False(get.Headers.ETag.IsWeak);

        using var notATag = await SendAsync(HttpMethod.Post, $"/v1/memory_stores/{store}/memories/{id}", new { content = "two" }, ifMatch: "\"0000\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, notATag.StatusCode);
        using var stale = await SendAsync(HttpMethod.Post, $"/v1/memory_stores/{store}/memories/{id}", new { content = "two" }, ifMatch: $"\"{Engram.Memories.MemoryContent.Sha256("zero")}\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("memory_precondition_failed_error", (await ErrorOf(stale)).GetProperty("type").GetString());

        using var fresh = await SendAsync(HttpMethod.Post, $"/v1/memory_stores/{store}/memories/{id}", new { content = "two" }, ifMatch: $"\"{sha}\"");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var newTag = fresh.Headers.ETag!.Tag;
        Assert.Equal($"\"{Engram.Memories.MemoryContent.Sha256("two")}\"", newTag);

        using var weak = await SendAsync(HttpMethod.Delete, $"/v1/memory_stores/{store}/memories/{id}", null, ifMatch: $"W/{newTag}");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using var wrongDelete = await SendAsync(HttpMethod.Delete, $"/v1/memory_stores/{store}/memories/{id}", null, ifMatch: $"\"{sha}\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, wrongDelete.StatusCode);
        using var delete = await SendAsync(HttpMethod.Delete, $"/v1/memory_stores/{store}/memories/{id}", null, ifMatch: newTag);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
    }

    [Fact]
    public async Task Sdk_headers_are_accepted_but_not_required_and_bearer_auth_works()
    {
        using var plain = await _http.GetAsync("/v1/memory_stores");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/memory_stores");
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "agent-memory-2026-07-22");
        using var withHeaders = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, withHeaders.StatusCode);

        using var bearer = _server.Http(authenticated: false);
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _server.Admin.Secret);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/v1/memory_stores")).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":", "body", "not valid JSON")]
    [InlineData("{\"name\": 5}", "name", "must be a string")]
    [InlineData("{\"name\": \"ok\", \"metadata\": {\"k\": 1}}", "metadata.k", "must be a string")]
    [InlineData("{\"name\": \"ok\", \"metadata\": [1]}", "metadata", "must be an object")]
    [InlineData("[]", "body", "a JSON object is required")]
    [InlineData("\"x\"", "body", "a JSON object is required")]
    [InlineData("", "body", "")]
    public async Task Malformed_bodies_are_400s_naming_the_problem_and_change_nothing(string body, string field, string rule)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/v1/memory_stores", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.StartsWith(field + ": ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(rule, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await GetAsync("/v1/memory_stores")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_body_is_a_400_and_writes_nothing()
    {
        var store = await NewStoreAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"path\": \"/x\", \"content\": \"ok ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync($"/v1/memory_stores/{store}/memories", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await GetAsync($"/v1/memory_stores/{store}/memories")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Oversized_bodies_and_content_are_413s()
    {
        var store = await NewStoreAsync();
        // A known length and Expect: 100-continue let the server refuse before the body is sent, rather than
        // close the connection while the client is still writing it (which the client sees as a broken pipe).
        using var oversized = new HttpRequestMessage(HttpMethod.Post, $"/v1/memory_stores/{store}/memories")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { path = "/big", content = new string('a', 2_000_000) }), System.Text.Encoding.UTF8, "application/json"),
        };
        oversized.Headers.ExpectContinue = true;
        using var huge = await _http.SendAsync(oversized);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("request_too_large", (await ErrorOf(huge)).GetProperty("type").GetString());

        using var tooMuchContent = await SendAsync(HttpMethod.Post, $"/v1/memory_stores/{store}/memories", new { path = "/big", content = new string('a', 102_401) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMuchContent.StatusCode);
        Assert.Contains("102,400", (await ErrorOf(tooMuchContent)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await GetAsync($"/v1/memory_stores/{store}/memories")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Bad_query_parameters_are_400s_naming_the_parameter()
    {
        var store = await NewStoreAsync();
        foreach (var (query, field) in new[] { ("limit=abc", "limit"), ("view=everything", "view"), ("depth=-1", "depth"), ("path_prefix=/no-slash", "path_prefix"), ("page=garbage", "page") })
        {
            using var response = await _http.GetAsync($"/v1/memory_stores/{store}/memories?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith(field + ": ", (await ErrorOf(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using var badTime = await _http.GetAsync($"/v1/memory_stores?created_at[gte]=yesterday");
        Assert.StartsWith("created_at[gte]: ", (await ErrorOf(badTime)).GetProperty("message").GetString(), StringComparison.Ordinal);
        using var badOperation = await _http.GetAsync($"/v1/memory_stores/{store}/memory_versions?operation=renamed");
        Assert.StartsWith("operation: ", (await ErrorOf(badOperation)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_view_on_a_write_is_refused_before_anything_is_written()
    {
        var store = await NewStoreAsync();
        var created = await PostAsync($"/v1/memory_stores/{store}/memories", new { path = "/v.md", content = "one" });
        var id = created.GetProperty("id").GetString()!;
        var version = created.GetProperty("memory_version_id").GetString()!;
        await PostAsync($"/v1/memory_stores/{store}/memories/{id}", new { content = "two" });

        using var create = await _http.PostAsJsonAsync($"/v1/memory_stores/{store}/memories?view=everything", new { path = "/w.md", content = "x" });
        using var update = await _http.PostAsJsonAsync($"/v1/memory_stores/{store}/memories/{id}?view=everything", new { content = "three" });
        using var revert = await _http.PostAsJsonAsync($"/v1/memory_stores/{store}/memories/{id}/revert?view=everything", new { version_id = version });

        foreach (var response in new[] { create, update, revert })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("view: ", (await ErrorOf(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var memories = (await GetAsync($"/v1/memory_stores/{store}/memories")).GetProperty("data");
        Assert.Equal(["/v.md"], memories.EnumerateArray().Select(m => m.GetProperty("path").GetString()));
        Assert.Equal(2, (await GetAsync($"/v1/memory_stores/{store}/memory_versions")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Members_manage_only_their_own_keys_and_admins_manage_everyone()
    {
        var (member, memberKey) = await _server.NewPrincipalAsync(PrincipalKind.User, name: "bob");
        using var asMember = _server.Http(memberKey.Secret);

        using var forbidden = await asMember.PostAsJsonAsync("/v1/engram/principals", new { kind = "user", name = "mallory" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("permission_error", (await ErrorOf(forbidden)).GetProperty("type").GetString());

        var own = await (await asMember.PostAsJsonAsync("/v1/engram/api_keys", new { name = "laptop" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(member.Id, own.GetProperty("principal_id").GetString());
        var secret = own.GetProperty("secret").GetString()!;
        Assert.StartsWith(ApiKey.SecretPrefix, secret, StringComparison.Ordinal);

        var listed = await asMember.GetFromJsonAsync<JsonElement>("/v1/engram/api_keys");
        Assert.Equal(2, listed.GetProperty("data").GetArrayLength());
        Assert.DoesNotContain("secret", listed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(3, (await GetAsync("/v1/engram/api_keys")).GetProperty("data").GetArrayLength());

        using var otherKey = await asMember.PostAsync($"/v1/engram/api_keys/{_server.Admin.Key.Id}/revoke", null);
        Assert.Equal(HttpStatusCode.NotFound, otherKey.StatusCode);

        using var revoke = await asMember.PostAsync($"/v1/engram/api_keys/{own.GetProperty("id").GetString()}/revoke", null);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var withRevoked = _server.Http(secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withRevoked.GetAsync("/v1/memory_stores")).StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_are_json_404s()
    {
        using var response = await _http.GetAsync("/v1/nothing/here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found_error", (await ErrorOf(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Health_checks_and_the_openapi_document_are_open_and_document_every_route()
    {
        using var open = _server.Http(authenticated: false);
        Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await open.GetAsync("/v1/memory_stores")).StatusCode);

        var document = await open.GetFromJsonAsync<JsonElement>(EngramServer.OpenApiPath);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/v1/memory_stores", "/v1/memory_stores/{store_id}", "/v1/memory_stores/{store_id}/archive",
            "/v1/memory_stores/{store_id}/memories", "/v1/memory_stores/{store_id}/memories/{memory_id}",
            "/v1/memory_stores/{store_id}/memories/{memory_id}/revert", "/v1/memory_stores/{store_id}/memory_by_path",
            "/v1/memory_stores/{store_id}/memory_versions", "/v1/memory_stores/{store_id}/memory_versions/{version_id}",
            "/v1/memory_stores/{store_id}/memory_versions/{version_id}/redact",
            "/v1/engram/principals", "/v1/engram/api_keys", "/v1/engram/api_keys/{api_key_id}/revoke", "/healthz", "/readyz",
        ];
        Assert.All(expected, path => Assert.Contains(path.TrimEnd('/'), paths.Select(p => p.TrimEnd('/'))));
        Assert.Contains("MemoryJson", document.GetProperty("components").GetProperty("schemas").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_logs_hold_no_secrets_and_no_memory_content()
    {
        const string content = "the launch code is 0000-SECRET-CONTENT";
        var store = await NewStoreAsync();
        await PostAsync($"/v1/memory_stores/{store}/memories", new { path = "/launch.md", content });
        await GetAsync($"/v1/memory_stores/{store}/memories?path_prefix=/&view=full");
        using var bad = _server.Http("engram_sk_wrong-secret-value");
        await bad.GetAsync("/v1/memory_stores");

        var logs = string.Join('\n', _server.Logs.Lines);
        Assert.Contains("/v1/memory_stores/{store_id}/memories", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Admin.Secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-CONTENT", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_retry_after()
    {
        await using var limited = await TestServer.StartAsync(new ServerOptions { RateLimitPerSecond = 1, RateLimitBurst = 3 });
        using var http = limited.Http();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await http.GetAsync("/v1/memory_stores");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
        }

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.NotNull(rejected);
        Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("rate_limit_error", (await ErrorOf(rejected)).GetProperty("type").GetString());

        // Another key has its own budget.
        var (_, other) = await limited.NewPrincipalAsync(PrincipalKind.User);
        using var otherHttp = limited.Http(other.Secret);
        Assert.Equal(HttpStatusCode.OK, (await otherHttp.GetAsync("/v1/memory_stores")).StatusCode);
    }

    private async Task<string> NewStoreAsync() => (await PostAsync("/v1/memory_stores", new { name = "http" })).GetProperty("id").GetString()!;

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> GetAsync(string path) => _http.GetFromJsonAsync<JsonElement>(path);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return _http.SendAsync(request);
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("error", body.GetProperty("type").GetString());
        return body.GetProperty("error");
    }
}
