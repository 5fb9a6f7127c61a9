using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Engram.Server.Tests;

/// <summary>JSON request bodies: what is not JSON, not UTF-8, or says one thing twice is refused, naming the field, and changes nothing.</summary>
public sealed partial class HttpSurfaceTests
{
    [Theory]
    [InlineData("{\"path\": \"/x\", \"content\": \"ok \u0001\"}", "content")]
    [InlineData("{\"name\": \"s\", \"metadata\": {\"k\": \"\u0001\"}}", "metadata.k")]
    [InlineData("{\"name\": \"\u0001\"}", "name")]
    public async Task Invalid_utf8_in_a_json_string_is_named_as_invalid_utf8(string template, string field)
    {
        var store = await NewStoreAsync();
        var target = field == "content" ? $"/v1/memory_stores/{store}/memories" : "/v1/memory_stores";
        // \u0001 marks where the two bytes C3 28 go: a lead byte followed by one that cannot continue it.
        var bytes = Encoding.UTF8.GetBytes(template).SelectMany(b => b == 1 ? new byte[] { 0xC3, 0x28 } : [b]).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _http.PostAsync(target, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ErrorOf(response)).GetProperty("message").GetString()!;
        Assert.StartsWith($"{field}: must be valid UTF-8 (invalid byte sequence at byte offset {Array.IndexOf(bytes, (byte)0xC3)} of the body)", message, StringComparison.Ordinal);
        await AssertNothingBesidesAsync(store);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_key_and_an_unpaired_surrogate_escape_are_refused_too()
    {
        var store = await NewStoreAsync();
        var badKey = Encoding.UTF8.GetBytes("{\"name\": \"s\", \"metadata\": {\"k").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("\": \"v\"}}")).ToArray();
        using var keyContent = new ByteArrayContent(badKey);
        keyContent.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var key = await _http.PostAsync("/v1/memory_stores", keyContent);
        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
        Assert.StartsWith("metadata: a key must be valid UTF-8", (await ErrorOf(key)).GetProperty("message").GetString(), StringComparison.Ordinal);

        using var surrogate = await PostRawAsync($"/v1/memory_stores/{store}/memories", "{\"path\": \"/x\", \"content\": \"half \\ud800 of a pair\"}");
        Assert.Equal(HttpStatusCode.BadRequest, surrogate.StatusCode);
        var message = (await ErrorOf(surrogate)).GetProperty("message").GetString();
        Assert.StartsWith("content: must be valid UTF-8 (", message, StringComparison.Ordinal);
        Assert.Contains("surrogate", message, StringComparison.Ordinal);
        await AssertNothingBesidesAsync(store);
    }

    [Theory]
    [InlineData("{\"name\": \"a\", \"name\": \"b\"}", "name")]
    [InlineData("{\"name\": \"a\", \"metadata\": {\"team\": \"x\", \"team\": \"y\"}}", "metadata.team")]
    [InlineData("{\"name\": \"a\", \"extra\": [{\"k\": 1, \"k\": 2}]}", "extra[0].k")]
    public async Task Duplicate_keys_are_400s_naming_the_key(string body, string field)
    {
        using var response = await PostRawAsync("/v1/memory_stores", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal($"{field}: is given more than once; each key may appear once in an object", error.GetProperty("message").GetString());
        Assert.Equal(0, (await GetAsync("/v1/memory_stores")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Field_names_are_case_sensitive_so_a_differently_cased_key_is_not_a_second_value()
    {
        using var response = await PostRawAsync("/v1/memory_stores", "{\"name\": \"exact\", \"NAME\": \"shadow\"}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("exact", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("text/plain", "must be application/json (got text/plain)")]
    [InlineData("application/x-www-form-urlencoded", "must be application/json (got application/x-www-form-urlencoded)")]
    [InlineData("application/json; charset=iso-8859-1", "charset must be utf-8 (got iso-8859-1)")]
    [InlineData(null, "is required with a body, and must be application/json")]
    public async Task A_body_that_is_not_json_is_a_415_naming_the_content_type(string? contentType, string rule)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\": \"x\"}"));
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);

        using var response = await _http.PostAsync("/v1/memory_stores", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal($"content-type: {rule}", error.GetProperty("message").GetString());
        Assert.Equal(0, (await GetAsync("/v1/memory_stores")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Json_with_a_structured_suffix_and_bodiless_posts_are_accepted()
    {
        using var vendor = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\": \"x\"}"));
        vendor.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.engram+json; charset=UTF-8");
        using var created = await _http.PostAsync("/v1/memory_stores", vendor);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var archive = await _http.PostAsync($"/v1/memory_stores/{id}/archive", null);
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
    }

    private async Task<HttpResponseMessage> PostRawAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _http.PostAsync(path, content);
    }

    /// <summary>The one store the test made holds no memory, and no other store appeared.</summary>
    private async Task AssertNothingBesidesAsync(string store)
    {
        Assert.Equal(0, (await GetAsync($"/v1/memory_stores/{store}/memories")).GetProperty("data").GetArrayLength());
        Assert.Equal([store], (await GetAsync("/v1/memory_stores")).GetProperty("data").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }
}
