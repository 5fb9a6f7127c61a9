using Anthropic.Models.Beta.MemoryStores.Memories;
using Engram.Memories;
using Engram.Wire;

namespace Engram.Remote;

public sealed partial class RemoteEngramClient
{
    public Task<WriteResult<Memory>> CreateMemoryAsync(string storeId, CreateMemoryRequest request, CancellationToken cancellationToken = default) =>
        Sdk(async () =>
        {
            var parameters = new MemoryCreateParams(SdkMapping.None, SdkMapping.None, SdkMapping.Body(request.Reason))
            {
                MemoryStoreID = storeId,
                Path = request.Path!,
                Content = request.Content!,
                View = BetaManagedAgentsMemoryView.Full,
            };
            return (await WriteOf(_sdk.Beta.MemoryStores.Memories.WithRawResponse.Create(parameters, cancellationToken), cancellationToken).ConfigureAwait(false)).Select(memory => memory.ToModel());
        });

    public Task<Memory> GetMemoryAsync(string storeId, string memoryId, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default) =>
        Sdk(async () => (await _sdk.Beta.MemoryStores.Memories.Retrieve(
            memoryId, new MemoryRetrieveParams { MemoryStoreID = storeId, View = SdkMapping.View(view) }, cancellationToken).ConfigureAwait(false)).ToModel());

    public async Task<Memory> GetMemoryByPathAsync(string storeId, string path, MemoryView view = MemoryView.Full, CancellationToken cancellationToken = default)
    {
        var shown = view == MemoryView.Full ? "full" : "basic";
        var json = await ExtensionAsync<MemoryJson>(HttpMethod.Get, $"v1/memory_stores/{Escape(storeId)}/memory_by_path?path={Escape(path)}&view={shown}", null, cancellationToken).ConfigureAwait(false);
        return json.ToModel();
    }

    public Task<Page<MemoryListItem>> ListMemoriesAsync(string storeId, MemoryListQuery query, CancellationToken cancellationToken = default) =>
        Sdk(async () =>
        {
            var parameters = new MemoryListParams
            {
                MemoryStoreID = storeId,
                PathPrefix = query.PathPrefix,
                Depth = query.Depth,
                Limit = query.Limit,
                Page = query.Page,
                View = SdkMapping.View(query.View),
            };
            var page = await PageOf<MemoryListPageResponse, MemoryListPage>(_sdk.Beta.MemoryStores.Memories.WithRawResponse.List(parameters, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new Page<MemoryListItem>((page.Data ?? []).Select(item => item.ToModel()).ToList(), page.NextPage);
        });

    public Task<WriteResult<Memory>> UpdateMemoryAsync(string storeId, string memoryId, UpdateMemoryRequest request, CancellationToken cancellationToken = default) =>
        Sdk(async () =>
        {
            var parameters = new MemoryUpdateParams(SdkMapping.None, SdkMapping.None, SdkMapping.Body(request.Reason))
            {
                MemoryStoreID = storeId,
                MemoryID = memoryId,
                View = BetaManagedAgentsMemoryView.Full,
            };
            if (request.Content is not null)
            {
                parameters = parameters with { Content = request.Content };
            }

            if (request.Path is not null)
            {
                parameters = parameters with { Path = request.Path };
            }

            if (request.ExpectedContentSha256 is not null)
            {
                parameters = parameters with { Precondition = new BetaManagedAgentsPrecondition { ContentSha256 = request.ExpectedContentSha256 } };
            }

            return (await WriteOf(_sdk.Beta.MemoryStores.Memories.WithRawResponse.Update(parameters, cancellationToken), cancellationToken).ConfigureAwait(false)).Select(memory => memory.ToModel());
        });

    public Task<WriteResult> DeleteMemoryAsync(string storeId, string memoryId, DeleteMemoryRequest request, CancellationToken cancellationToken = default) =>
        Sdk<WriteResult>(async () =>
        {
            var query = request.Reason is null ? SdkMapping.None : SdkMapping.Body(request.Reason);
            var parameters = new MemoryDeleteParams(SdkMapping.None, query) { MemoryStoreID = storeId, MemoryID = memoryId };
            if (request.ExpectedContentSha256 is not null)
            {
                parameters = parameters with { ExpectedContentSha256 = request.ExpectedContentSha256 };
            }

            return await WriteOf(_sdk.Beta.MemoryStores.Memories.WithRawResponse.Delete(parameters, cancellationToken), cancellationToken).ConfigureAwait(false);
        });

    public async Task<WriteResult<Memory>> RevertMemoryAsync(string storeId, string memoryId, RevertMemoryRequest request, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, string?>
        {
            ["version_id"] = request.VersionId,
            ["expected_content_sha256"] = request.ExpectedContentSha256,
            ["reason"] = request.Reason,
        };
        var json = await ExtensionWriteAsync<MemoryJson>(
            HttpMethod.Post, $"v1/memory_stores/{Escape(storeId)}/memories/{Escape(memoryId)}/revert?view=full", body, cancellationToken).ConfigureAwait(false);
        return json.Select(memory => memory.ToModel());
    }
}
