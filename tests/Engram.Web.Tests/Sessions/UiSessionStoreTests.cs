using Engram.Access;
using Engram.Web.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Web.Tests.Sessions;

public sealed class UiSessionStoreTests
{
    private static readonly Caller Alice = new(Actor.User("user_alice"), "apikey_alice", PrincipalRole.Admin);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly UiSessionStore _store;

    public UiSessionStoreTests() => _store = new UiSessionStore(_time, new UiOptions { AbsoluteExpiry = TimeSpan.FromHours(12), IdleExpiry = TimeSpan.FromHours(2), MaxSessions = 3 });

    [Fact]
    public void A_started_session_resumes_with_its_secret_and_caller_and_tokens_are_256_bit_and_distinct()
    {
        var token = _store.Start(Alice, "engram_sk_secret");
        var other = _store.Start(Alice, "engram_sk_secret");

        var session = _store.Resume(token);

        Assert.NotNull(session);
        Assert.Equal("engram_sk_secret", session.Secret);
        Assert.Equal(Alice.Actor, session.Actor);
        Assert.Equal("apikey_alice", session.ApiKeyId);
        Assert.Equal(43, token.Length); // 32 bytes, base64url without padding
        Assert.NotEqual(token, other);
        Assert.NotEqual(token, session.Id);
    }

    [Fact]
    public void An_unknown_or_empty_token_resumes_nothing()
    {
        _store.Start(Alice, "s");

        Assert.Null(_store.Resume(null));
        Assert.Null(_store.Resume(""));
        Assert.Null(_store.Resume("not-a-token"));
    }

    [Fact]
    public void A_session_idle_for_the_idle_expiry_ends_and_one_in_use_does_not()
    {
        var idle = _store.Start(Alice, "s");
        var busy = _store.Start(Alice, "s");

        _time.Advance(TimeSpan.FromMinutes(90));
        Assert.NotNull(_store.Resume(busy));
        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.Null(_store.Resume(idle));
        Assert.NotNull(_store.Resume(busy));
        Assert.Null(_store.Resume(idle)); // forgotten, not only refused
    }

    [Fact]
    public void A_session_ends_at_its_absolute_expiry_however_busy()
    {
        var token = _store.Start(Alice, "s");
        for (var hour = 0; hour < 11; hour++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            Assert.NotNull(_store.Resume(token));
        }

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(_store.Resume(token));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(_store.Resume(token));
    }

    [Fact]
    public void Signing_out_ends_the_session_at_once_and_only_that_one()
    {
        var mine = _store.Start(Alice, "s");
        var other = _store.Start(Alice, "s");

        Assert.True(_store.End(mine));

        Assert.Null(_store.Resume(mine));
        Assert.NotNull(_store.Resume(other));
        Assert.False(_store.End(mine));
        Assert.False(_store.End(null));
    }

    [Fact]
    public void An_admin_ends_a_session_by_its_id_and_the_list_shows_live_sessions_only()
    {
        var first = _store.Start(Alice, "s");
        var second = _store.Start(Alice, "s");
        var id = _store.Resume(first)!.Id;

        Assert.True(_store.EndById(id));

        Assert.Null(_store.Resume(first));
        Assert.Equal([_store.Resume(second)!.Id], _store.List().Select(s => s.Id));
        Assert.False(_store.EndById(id));
    }

    [Fact]
    public void At_the_limit_a_new_sign_in_ends_the_longest_idle_one()
    {
        var oldest = _store.Start(Alice, "s");
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = _store.Start(Alice, "s");
        _time.Advance(TimeSpan.FromMinutes(1));
        var third = _store.Start(Alice, "s");
        _time.Advance(TimeSpan.FromMinutes(1));

        var fourth = _store.Start(Alice, "s");

        Assert.Null(_store.Resume(oldest));
        Assert.NotNull(_store.Resume(second));
        Assert.NotNull(_store.Resume(third));
        Assert.NotNull(_store.Resume(fourth));
    }

    [Fact]
    public void A_session_reads_as_the_name_it_was_started_with_or_its_actor_id()
    {
        var named = _store.Resume(_store.Start(Alice, "s", "alice"));
        var unnamed = _store.Resume(_store.Start(Alice, "s"));

        Assert.Equal("alice", named!.Name);
        Assert.Equal("user_alice", unnamed!.Name);
    }
}
