using System.Globalization;
using System.Text.Json;
using Anthropic.Core;
using Anthropic.Models.Beta.Dreams;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Memories;
using Engram.Wire;
using DreamJson = Engram.Wire.DreamJson;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    /// <summary>How often <see cref="RunDreamAsync"/> asks the server how a dream is doing.</summary>
    private static readonly TimeSpan DreamPollInterval = TimeSpan.FromMilliseconds(250);

    public Task<Dream> CreateDreamAsync(CreateDreamRequest request, CancellationToken cancellationToken = default) =>
        Sdk(async () => await DreamOf(_sdk.Beta.Dreams.WithRawResponse.Create(
            DreamCreateParams.FromRawUnchecked(new Dictionary<string, JsonElement>(), new Dictionary<string, JsonElement>(), DreamRequestBody(request)),
            cancellationToken), cancellationToken).ConfigureAwait(false));

    public Task<Dream> GetDreamAsync(string dreamId, CancellationToken cancellationToken = default) =>
        Sdk(async () => await DreamOf(_sdk.Beta.Dreams.WithRawResponse.Retrieve(dreamId, new DreamRetrieveParams(), cancellationToken), cancellationToken).ConfigureAwait(false));

    public async Task<Page<Dreaming.Findings.ConsideredPattern>> ListDreamPatternsAsync(string dreamId, int? limit = null, string? page = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (limit is { } l)
        {
            query.Add($"limit={l.ToString(CultureInfo.InvariantCulture)}");
        }

        if (page is not null)
        {
            query.Add($"page={Uri.EscapeDataString(page)}");
        }

        var path = $"v1/engram/dreams/{Uri.EscapeDataString(dreamId)}/patterns{(query.Count == 0 ? "" : "?" + string.Join('&', query))}";
        var json = await ExtensionAsync<PageJson<DreamPatternJson>>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return new Page<Dreaming.Findings.ConsideredPattern>([.. json.Data.Select(p => p.ToModel())], json.NextPage);
    }

    public Task<Page<Dream>> ListDreamsAsync(DreamListQuery query, CancellationToken cancellationToken = default) =>
        Sdk(async () =>
        {
            var parameters = new DreamListParams
            {
                Limit = query.Limit,
                Page = query.Page,
                IncludeArchived = query.IncludeArchived,
                CreatedAtGt = query.CreatedAfter,
                CreatedAtLt = query.CreatedBefore,
            };
            if (query.Statuses is { Count: > 0 } statuses)
            {
                parameters = parameters with { Statuses = [.. statuses.Select(s => new ApiEnum<string, BetaDreamStatus>(JsonSerializer.SerializeToElement(DreamMapping.StatusName(s))))] };
            }

            // Read as our wire page (snake_case, with the extension fields), not through the SDK's own models.
            using var raw = await _sdk.Beta.Dreams.WithRawResponse.List(parameters, cancellationToken).ConfigureAwait(false);
            var page = JsonSerializer.Deserialize<PageJson<DreamJson>>(await raw.ReadAsString(cancellationToken).ConfigureAwait(false), WireJson.Options)!;
            return new Page<Dream>([.. page.Data.Select(DreamMapping.FromJson)], page.NextPage);
        });

    public Task<Dream> CancelDreamAsync(string dreamId, CancellationToken cancellationToken = default) =>
        Sdk(async () => await DreamOf(_sdk.Beta.Dreams.WithRawResponse.Cancel(dreamId, new DreamCancelParams(), cancellationToken), cancellationToken).ConfigureAwait(false));

    public Task<Dream> ArchiveDreamAsync(string dreamId, CancellationToken cancellationToken = default) =>
        Sdk(async () => await DreamOf(_sdk.Beta.Dreams.WithRawResponse.Archive(dreamId, new DreamArchiveParams(), cancellationToken), cancellationToken).ConfigureAwait(false));

    public async Task<DreamEstimate> EstimateDreamAsync(CreateDreamRequest request, CancellationToken cancellationToken = default) =>
        (await ExtensionAsync<DreamEstimateJson>(HttpMethod.Post, "v1/engram/dreams/estimate", DreamRequestBody(request), cancellationToken).ConfigureAwait(false)).ToModel();

    public async Task<Dream> RunDreamAsync(string dreamId, IProgress<Dream>? progress = null, CancellationToken cancellationToken = default)
    {
        // The server's worker runs it; here we follow it.
        while (true)
        {
            var dream = await GetDreamAsync(dreamId, cancellationToken).ConfigureAwait(false);
            progress?.Report(dream);
            if (!dream.IsUnfinished)
            {
                return dream;
            }

            await Task.Delay(DreamPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Read through our wire record, so Engram's extension fields (progress, filter, created_by) come back too.
    private static async Task<Dream> DreamOf<TSdk>(Task<HttpResponse<TSdk>> call, CancellationToken cancellationToken)
    {
        using var raw = await call.ConfigureAwait(false);
        return DreamMapping.FromJson(JsonSerializer.Deserialize<DreamJson>(await raw.ReadAsString(cancellationToken).ConfigureAwait(false), WireJson.Options)!);
    }

    private static Dictionary<string, JsonElement> DreamRequestBody(CreateDreamRequest request)
    {
        var selection = request.Selection;
        var sessions = new Dictionary<string, object?> { ["type"] = "sessions", ["session_ids"] = selection.SessionIds };
        if (selection.HasFilter)
        {
            sessions["filter"] = new Dictionary<string, object?>
            {
                ["since"] = selection.Since?.ToString("O", CultureInfo.InvariantCulture),
                ["agent"] = selection.Agent,
                ["memory_store_id"] = selection.AttachedStoreId,
            };
        }

        var body = new Dictionary<string, object?>
        {
            ["inputs"] = new object[] { new Dictionary<string, object?> { ["type"] = "memory_store", ["memory_store_id"] = request.StoreId }, sessions },
            ["model"] = new Dictionary<string, object?> { ["id"] = request.Model.Id, ["speed"] = request.Model.Speed },
            ["output_behavior"] = request.OutputBehavior == DreamOutputBehavior.UpdateExisting
                ? new Dictionary<string, object?> { ["type"] = "update_existing", ["memory_store_id"] = request.UpdateStoreId ?? request.StoreId }
                : new Dictionary<string, object?> { ["type"] = "create_new" },
        };
        if (request.Instructions is not null)
        {
            body["instructions"] = request.Instructions;
        }

        return body.ToDictionary(pair => pair.Key, pair => JsonSerializer.SerializeToElement(pair.Value));
    }
}
