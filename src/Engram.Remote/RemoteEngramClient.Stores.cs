using Anthropic.Models.Beta.MemoryStores;
using Engram.Memories;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    public Task<MemoryStore> CreateStoreAsync(CreateStoreRequest request, CancellationToken cancellationToken = default) =>
        Sdk(async () =>
        {
            var parameters = new MemoryStoreCreateParams { Name = request.Name! };
            if (request.Description is not null)
            {
                parameters = parameters with { Description = request.Description };
            }

            if (request.Metadata is not null)
            {
                parameters = parameters with { Metadata = request.Metadata };
            }

            return (await _sdk.Beta.MemoryStores.Create(parameters, cancellationToken).ConfigureAwait(false)).ToModel();
        });

    public Task<MemoryStore> GetStoreAsync(string storeId, CancellationToken cancellationToken = default) =>
        Sdk(async () => (await _sdk.Beta.MemoryStores.Retrieve(storeId, new MemoryStoreRetrieveParams(), cancellationToken).ConfigureAwait(false)).ToModel());

    public Task<Page<MemoryStore>> ListStoresAsync(StoreListQuery query, CancellationToken cancellationToken = default) =>
        Sdk(async () =>
        {
            var parameters = new MemoryStoreListParams
            {
                Limit = query.Limit,
                Page = query.Page,
                IncludeArchived = query.IncludeArchived,
                CreatedAtGte = query.CreatedAtGte,
                CreatedAtLte = query.CreatedAtLte,
            };
            var page = await PageOf<MemoryStoreListPageResponse, MemoryStoreListPage>(_sdk.Beta.MemoryStores.WithRawResponse.List(parameters, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new Page<MemoryStore>((page.Data ?? []).Select(s => s.ToModel()).ToList(), page.NextPage);
        });

    public Task<MemoryStore> UpdateStoreAsync(string storeId, UpdateStoreRequest request, CancellationToken cancellationToken = default) =>
        Sdk(async () =>
        {
            var parameters = new MemoryStoreUpdateParams { MemoryStoreID = storeId };
            if (request.Name is not null)
            {
                parameters = parameters with { Name = request.Name };
            }

            if (request.Description is not null)
            {
                parameters = parameters with { Description = request.Description };
            }

            if (request.Metadata is not null)
            {
                parameters = parameters with { Metadata = request.Metadata };
            }

            return (await _sdk.Beta.MemoryStores.Update(parameters, cancellationToken).ConfigureAwait(false)).ToModel();
        });

    public Task<MemoryStore> ArchiveStoreAsync(string storeId, CancellationToken cancellationToken = default) =>
        Sdk(async () => (await _sdk.Beta.MemoryStores.Archive(storeId, new MemoryStoreArchiveParams(), cancellationToken).ConfigureAwait(false)).ToModel());

    public Task DeleteStoreAsync(string storeId, CancellationToken cancellationToken = default) =>
        Sdk(() => _sdk.Beta.MemoryStores.Delete(storeId, new MemoryStoreDeleteParams(), cancellationToken));
}
