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

public sealed partial class PostgresStorage : ISessionStorage
{
    public Task<AgentSession?> FindSessionByTokenAsync(string tokenSha256, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<AgentSession?> GetSessionAsync(string sessionId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<AgentSession>> ListSessionsAsync(TimeIdCursor? after, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<AgentSession>> FindSessionsAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<AgentSession>> ListTranscriptSessionsAsync(SessionFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<SessionTranscript?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<SessionTranscript?> FindTranscriptBySourceAsync(string source, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<SessionTranscript?> FindTranscriptByContentAsync(string contentId, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string sessionId, long fromIndex, int limit, bool withRaw, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<long?> FindEventIndexAtAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotImplementedException();
}
