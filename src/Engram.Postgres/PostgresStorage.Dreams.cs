using Engram.Storage;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;
using Engram.Search;
using Engram.Sessions;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : IDreamStorage
{
    public Task<Dream?> GetDreamAsync(string dreamId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<Dream>> ListDreamsAsync(DreamFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<string>> ListDreamIdsAsync(DreamStatus status, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<DreamSessionEntry>> ListDreamSessionsAsync(string dreamId, DreamSessionState state, int afterOrdinal, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<DreamPatternEntry>> ListDreamPatternsAsync(string dreamId, int afterOrdinal, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
}
