using System.Net.Http.Json;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Engram.Client;
using Engram.Errors;
using Engram.Memories;
using Engram.Wire;

namespace Engram.Remote;

/// <summary>
/// <see cref="IEngramClient"/> over HTTP. The compatible endpoints go through the official Anthropic SDK
/// (nothing hand-written where the SDK already speaks the API); Engram's extensions go through a small
/// typed <see cref="HttpClient"/>. Errors come back as the same typed failures the library throws.
/// </summary>
public sealed partial class RemoteEngramClient : IEngramClient
{
    private readonly AnthropicClient _sdk;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Uri _server;

    /// <summary>A client of the server at <paramref name="baseUrl"/> acting with <paramref name="apiKey"/>; <paramref name="time"/> paces polling.</summary>
    public RemoteEngramClient(string baseUrl, string apiKey, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var root = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        _server = root;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = root;
        _http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        _sdk = new AnthropicClient { BaseUrl = root.ToString().TrimEnd('/'), ApiKey = apiKey, HttpClient = _http, MaxRetries = 2 };
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs an SDK call, turning its HTTP errors into Engram's typed failures, and a server it could not reach into <see cref="ServerUnavailableException"/>.</summary>
    private async Task<T> Sdk<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AnthropicApiException error)
        {
            throw Translate((int)error.StatusCode, error.ResponseBody);
        }
        catch (Exception error) when (error is AnthropicIOException or HttpRequestException || ServerUnavailableException.IsTimeout(error))
        {
            throw new ServerUnavailableException(_server, error);
        }
    }

    /// <summary>An extension call that never files a proposal.</summary>
    private async Task<T> ExtensionAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        (await ExtensionWriteAsync<T>(method, path, body, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>An extension call that may answer 202 with a proposal filed instead of the write.</summary>
    private async Task<WriteResult<T>> ExtensionWriteAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: WireJson.Options);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException || ServerUnavailableException.IsTimeout(error))
        {
            throw new ServerUnavailableException(_server, error);
        }

        using (response)
        {
            if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
            {
                var proposal = await response.Content.ReadFromJsonAsync<ProposalJson>(WireJson.Options, cancellationToken).ConfigureAwait(false);
                return WriteResult<T>.Proposed(proposal!.ToModel());
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Translate((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }

            if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
            {
                return WriteResult<T>.Written(default!); // an operation that answers nothing (setting a principal's groups); its callers read no result
            }

            return WriteResult<T>.Written(await response.Content.ReadFromJsonAsync<T>(WireJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new EngramException(ErrorType.Internal, "api_error", $"the server answered {path} with an empty body"));
        }
    }

    /// <summary>
    /// The SDK's page objects hide <c>next_page</c> (they only offer <c>Next()</c>); the raw response of the
    /// same call gives it, so Engram's page tokens pass through unchanged.
    /// </summary>
    private static async Task<TPage> PageOf<TPage, TSdkPage>(Task<Anthropic.Core.HttpResponse<TSdkPage>> call, CancellationToken cancellationToken)
    {
        using var raw = await call.ConfigureAwait(false);
        return await raw.Deserialize<TPage>(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A write through the SDK's raw response: 202 means the server filed a proposal instead of writing (an
    /// Engram extension the SDK's types cannot carry), returned as the library returns it.
    /// </summary>
    private static async Task<WriteResult<TSdk>> WriteOf<TSdk>(Task<Anthropic.Core.HttpResponse<TSdk>> call, CancellationToken cancellationToken)
    {
        using var raw = await call.ConfigureAwait(false);
        if (raw.StatusCode == System.Net.HttpStatusCode.Accepted)
        {
            var proposal = JsonSerializer.Deserialize<ProposalJson>(await raw.ReadAsString(cancellationToken).ConfigureAwait(false), WireJson.Options)!;
            return WriteResult<TSdk>.Proposed(proposal.ToModel());
        }

        return WriteResult<TSdk>.Written(await raw.Deserialize(cancellationToken).ConfigureAwait(false));
    }

    private EngramException Translate(int status, string? body)
    {
        EngramException failure;
        try
        {
            var error = JsonSerializer.Deserialize<ErrorEnvelopeJson>(body ?? "", WireJson.Options)?.Error
                ?? throw new JsonException("no error object");
            failure = WireErrors.FromWire(status, error);
        }
        catch (Exception parse) when (parse is JsonException or NotSupportedException or ArgumentException)
        {
            failure = WireErrors.FromWire(status, null);
        }

        // A gateway or an overloaded server answers for the server: say which one, as when it cannot be reached at all.
        return failure.Type == ErrorType.Unavailable
            ? new EngramException(ErrorType.Unavailable, failure.Code, $"the Engram server at {_server.ToString().TrimEnd('/')} is unavailable: {failure.Message}", failure.ErrorCode)
            : failure;
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
