using System.Text.Json;
using CsCheck;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;
using Engram.Remote;
using Engram.Review;
using Engram.Server.Http;
using Engram.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engram.Server.Tests;

/// <summary>
/// Every error code crosses the wire and comes back as the failure the library threw: the same type, code, wire type,
/// field and rule, through the server's error body and the remote client (the SDK's calls and Engram's own).
/// </summary>
public sealed class ErrorCodeWireTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private RemoteEngramClient _remote = null!;
    private EngramException? _next;

    /// <summary>One failure of each code, as the library throws it.</summary>
    public static TheoryData<string> Codes => [.. ErrorCodes.All];

    private static EngramException Sample(string code) => code switch
    {
        ErrorCodes.InvalidField => new InvalidRequestException("metadata.team", "must be at most 64 characters (got 65)"),
        ErrorCodes.InvalidRequest => new EngramException(ErrorType.InvalidRequest, "invalid_request_error", "the request could not be read"),
        ErrorCodes.InvalidState => new InvalidStateException("dream drm_01x is completed; only a pending or running dream can be canceled"),
        ErrorCodes.StoreArchived => InvalidStateException.StoreArchived("memstore_01x", "its memories can be read, deleted and redacted, but not created or updated"),
        ErrorCodes.AuthenticationFailed => new AuthenticationFailedException("the API key is not valid"),
        ErrorCodes.PermissionDenied => new PermissionDeniedException("you may not write /org/ in store memstore_01x"),
        ErrorCodes.NotFound => new NotFoundException("memory_version", "memver_01x"),
        ErrorCodes.PreconditionFailed => new PreconditionFailedException("memory mem_01x no longer has content_sha256 abc"),
        ErrorCodes.PathConflict => new PathConflictException("/notes/todo.md", "/notes", "mem_01x"),
        ErrorCodes.StoreHeld => new DreamStoreHeldException("memstore_01x", "drm_01y"),
        ErrorCodes.Conflict => new EngramException(ErrorType.Conflict, "conflict_error", "the request conflicts with the current state"),
        ErrorCodes.ContentTooLarge => new ContentTooLargeException("content", MemoryContent.MaxBytes + 1),
        ErrorCodes.RequestTooLarge => new EngramException(ErrorType.TooLarge, "request_too_large", "the request body is larger than this server accepts"),
        ErrorCodes.RateLimited => new EngramException(ErrorType.RateLimit, "rate_limit_error", "principal user_01x is over its rate limit"),
        ErrorCodes.Unavailable => new EngramException(ErrorType.Unavailable, "overloaded_error", "the server is draining"),
        ErrorCodes.Internal => new EngramException(ErrorType.Internal, "api_error", "internal error (request 42)"),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "a code without a sample: add one here"),
    };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.UseMiddleware<ErrorResponses>();
        _app.MapFallback((RequestDelegate)(_ => throw (_next ?? throw new InvalidOperationException("no failure to answer with"))));
        await _app.StartAsync();
        _remote = new RemoteEngramClient(_app.Urls.First(), "sk-test");
    }

    public async Task DisposeAsync()
    {
        await _remote.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public void Every_code_has_a_sample_of_that_code()
    {
        foreach (var code in ErrorCodes.All)
        {
            Assert.Equal(code, Sample(code).ErrorCode);
        }

        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task A_failure_comes_back_through_the_sdk_calls_as_the_same_failure(string code)
    {
        var thrown = Sample(code);
        _next = thrown;

        var caught = await Assert.ThrowsAnyAsync<EngramException>(() => _remote.GetStoreAsync("memstore_01x"));

        AssertSame(thrown, caught, viaHttp: true);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task A_failure_comes_back_through_the_extension_calls_as_the_same_failure(string code)
    {
        var thrown = Sample(code);
        _next = thrown;

        var caught = await Assert.ThrowsAnyAsync<EngramException>(() => _remote.ListProposalsAsync("memstore_01x", new ProposalListQuery(ProposalStatus.Pending)));

        AssertSame(thrown, caught, viaHttp: true);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task The_error_body_carries_the_code_next_to_the_compatible_type_and_message(string code)
    {
        var thrown = Sample(code);
        _next = thrown;
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(new Uri(_app.Urls.First()), "/v1/memory_stores/memstore_01x"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");

        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(thrown.Code, error.GetProperty("type").GetString());
        Assert.Equal(thrown.Message, error.GetProperty("message").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        if (thrown is InvalidRequestException invalid)
        {
            Assert.Equal(invalid.Field, error.GetProperty("field").GetString());
            Assert.Equal(invalid.Rule, error.GetProperty("rule").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void A_batch_items_error_comes_back_as_the_same_failure(string code)
    {
        var thrown = Sample(code);
        var json = JsonSerializer.Serialize(thrown.ToJson().Error, WireJson.Options);

        var caught = WireErrors.FromWire(0, JsonSerializer.Deserialize<ErrorJson>(json, WireJson.Options));

        AssertSame(thrown, caught, viaHttp: false);
    }

    [Fact]
    public void Any_field_and_rule_come_back_as_they_were_sent() =>
        Gen.Select(Text(1, 40), Text(0, 200)).Sample((field, rule) =>
        {
            var json = JsonSerializer.Serialize(new InvalidRequestException(field, rule).ToJson().Error, WireJson.Options);
            var back = Assert.IsType<InvalidRequestException>(WireErrors.FromWire(400, JsonSerializer.Deserialize<ErrorJson>(json, WireJson.Options)));
            Assert.Equal((field, rule, $"{field}: {rule}"), (back.Field, back.Rule, back.Message));
        });

    [Fact]
    public void A_body_without_a_code_from_an_older_server_is_still_read_by_its_type_and_message()
    {
        var field = WireErrors.FromWire(400, new ErrorJson("invalid_request_error", "path: must start with '/'"));
        var missing = WireErrors.FromWire(404, new ErrorJson("not_found_error", "memory_store memstore_01x was not found"));
        var held = WireErrors.FromWire(409, new ErrorJson("conflict_error", new DreamStoreHeldException("memstore_01x", "drm_01y").Message));
        var bodiless = WireErrors.FromWire(502, null);

        Assert.Equal(("path", "must start with '/'"), (Assert.IsType<InvalidRequestException>(field).Field, ((InvalidRequestException)field).Rule));
        Assert.Equal(("memory_store", "memstore_01x"), (Assert.IsType<NotFoundException>(missing).Kind, ((NotFoundException)missing).Id));
        Assert.Equal("drm_01y", Assert.IsType<DreamStoreHeldException>(held).HolderDreamId);
        Assert.Equal((ErrorType.Unavailable, ErrorCodes.Unavailable), (bodiless.Type, bodiless.ErrorCode));
    }

    [Fact]
    public void A_code_this_client_does_not_know_keeps_its_code_and_falls_back_to_the_type()
    {
        var unknown = WireErrors.FromWire(409, new ErrorJson("conflict_error", "a newer rule") { Code = "some_future_code" });

        Assert.Equal((typeof(EngramException), ErrorType.Conflict, "conflict_error", "some_future_code", "a newer rule"),
            (unknown.GetType(), unknown.Type, unknown.Code, unknown.ErrorCode, unknown.Message));
    }

    [Fact]
    public void A_code_this_client_does_not_know_still_gives_the_exception_its_type_names()
    {
        // Code written against today's exceptions (sync catches PermissionDeniedException) keeps working with a newer server.
        var denied = WireErrors.FromWire(403, new ErrorJson("permission_error", "you may not write /a.md") { Code = "some_future_code" });
        var missing = WireErrors.FromWire(404, new ErrorJson("not_found_error", "memory mem_01x was not found") { Code = ErrorCodes.NotFound });
        var field = WireErrors.FromWire(400, new ErrorJson("invalid_request_error", "path: must start with '/'") { Code = ErrorCodes.InvalidField });

        Assert.Equal("you may not write /a.md", Assert.IsType<PermissionDeniedException>(denied).Message);
        Assert.Equal(("memory", "mem_01x"), (Assert.IsType<NotFoundException>(missing).Kind, ((NotFoundException)missing).Id));
        Assert.Equal(("path", "must start with '/'"), (Assert.IsType<InvalidRequestException>(field).Field, ((InvalidRequestException)field).Rule));
    }

    /// <summary>Text of any characters up to U+07FF: quotes, backslashes, colons and letters beyond ASCII.</summary>
    private static Gen<string> Text(int shortest, int longest) => Gen.Char['\u0020', '\u07FF'].Array[shortest, longest].Select(c => new string(c));

    private static void AssertSame(EngramException thrown, EngramException caught, bool viaHttp)
    {
        Assert.Equal(thrown.GetType(), caught.GetType());
        Assert.Equal((thrown.Type, thrown.Code, thrown.ErrorCode), (caught.Type, caught.Code, caught.ErrorCode));
        if (thrown.Type == ErrorType.Unavailable && viaHttp)
        {
            // The remote client says which server is unavailable, around the server's own words.
            Assert.EndsWith(thrown.Message, caught.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(thrown.Message, caught.Message);
        }

        switch (thrown)
        {
            case InvalidRequestException invalid:
                Assert.Equal((invalid.Field, invalid.Rule), (((InvalidRequestException)caught).Field, ((InvalidRequestException)caught).Rule));
                break;
            case ContentTooLargeException large:
                Assert.Equal((large.Field, large.Rule), (((ContentTooLargeException)caught).Field, ((ContentTooLargeException)caught).Rule));
                break;
            case NotFoundException missing:
                Assert.Equal((missing.Kind, missing.Id), (((NotFoundException)caught).Kind, ((NotFoundException)caught).Id));
                break;
            case PathConflictException conflict:
                Assert.Equal((conflict.ConflictingPath, conflict.ConflictingMemoryId), (((PathConflictException)caught).ConflictingPath, ((PathConflictException)caught).ConflictingMemoryId));
                break;
            case DreamStoreHeldException held:
                Assert.Equal((held.StoreId, held.HolderDreamId), (((DreamStoreHeldException)caught).StoreId, ((DreamStoreHeldException)caught).HolderDreamId));
                break;
        }
    }
}
