using Anthropic.Models.Beta.MemoryStores.MemoryVersions;
using Engram.Memories;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    public Task<Page<MemoryVersion>> ListVersionsAsync(string storeId, VersionListQuery query, CancellationToken cancellationToken = default) =>
        Sdk(async () =>
        {
            var parameters = new MemoryVersionListParams
            {
                MemoryStoreID = storeId,
                MemoryID = query.MemoryId,
                SessionID = query.SessionId,
                ApiKeyID = query.ApiKeyId,
                ServiceAccountID = query.ServiceAccountId,
                CreatedAtGte = query.CreatedAtGte,
                CreatedAtLte = query.CreatedAtLte,
                Limit = query.Limit,
                Page = query.Page,
                View = SdkMapping.View(query.View),
            };
            if (query.Operation is { } operation)
            {
                parameters = parameters with { Operation = SdkMapping.Operation(operation) };
            }

            var page = await PageOf<MemoryVersionListPageResponse, MemoryVersionListPage>(_sdk.Beta.MemoryStores.MemoryVersions.WithRawResponse.List(parameters, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new Page<MemoryVersion>((page.Data ?? []).Select(v => v.ToModel()).ToList(), page.NextPage);
        });

    public Task<MemoryVersion> GetVersionAsync(string storeId, string versionId, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default) =>
        Sdk(async () => (await _sdk.Beta.MemoryStores.MemoryVersions.Retrieve(
            versionId, new MemoryVersionRetrieveParams { MemoryStoreID = storeId, View = SdkMapping.View(view) }, cancellationToken).ConfigureAwait(false)).ToModel());

    public Task<MemoryVersion> RedactVersionAsync(string storeId, string versionId, CancellationToken cancellationToken = default) =>
        Sdk(async () => (await _sdk.Beta.MemoryStores.MemoryVersions.Redact(
            versionId, new MemoryVersionRedactParams { MemoryStoreID = storeId }, cancellationToken).ConfigureAwait(false)).ToModel());
}
