using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    /// <summary>
    /// The caller a dream acts as: its creator with the role, groups or session grant it has now, so a dream never
    /// reads more than its creator may. A creator that no longer exists acts as a plain member with no groups.
    /// </summary>
    private async Task<Caller> CreatorAsync(Dream dream, CancellationToken cancellationToken)
    {
        try
        {
            return await _access.CallerOfAsync(dream.CreatedBy.Id, cancellationToken).ConfigureAwait(false) with { ApiKeyId = dream.ApiKeyId };
        }
        catch (NotFoundException)
        {
            return new Caller(dream.CreatedBy, dream.ApiKeyId);
        }
    }

    /// <summary>Whether the creator may read a path of the input store (the policy as it is now).</summary>
    private async Task<Func<string, bool>> ReadableAsync(Caller creator, string storeId, CancellationToken cancellationToken)
    {
        return StoreSnapshot.ReadableBy(await _policies.CurrentAsync(cancellationToken).ConfigureAwait(false), creator, storeId);
    }
}
