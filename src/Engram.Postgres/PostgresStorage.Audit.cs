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

public sealed partial class PostgresStorage : IAuditStorage
{
    public Task<IReadOnlyList<AuditEvent>> ListAuditEventsAsync(AuditQuery filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
}
