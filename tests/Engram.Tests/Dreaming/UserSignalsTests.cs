using Engram.Dreaming.Signals;

namespace Engram.Tests.Dreaming;

public sealed class UserSignalsTests
{
    private static IReadOnlyList<Signal> AfterAgent(string message) =>
        SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User("fix the build").Agent("Done, I edited Program.cs").User(message).Events);

    [Theory]
    [InlineData("No, use the release configuration instead", "no use the release configuration instead")]
    [InlineData("don't touch the migrations folder", "don't touch the migrations folder")]
    [InlineData("Stop. That's not what I asked for", "stop that's not what i asked for")]
    [InlineData("Actually, the port is 8080 not 3000", "actually the port is <num> not <num>")]
    [InlineData("You should have run the tests in /repo/tests first", "you should have run the tests in <path> first")]
    public void Corrections_after_agent_activity_are_detected(string message, string shortForm)
    {
        var correction = Assert.IsType<UserCorrectionSignal>(Assert.Single(AfterAgent(message)));
        Assert.Equal((2L, message, shortForm, $"user_correction|{shortForm}"), (correction.EventIndex, correction.Quote, correction.ShortForm, correction.Signature));
    }

    [Theory]
    [InlineData("no problem, thanks!")]
    [InlineData("I don't know yet, let me check")]
    [InlineData("Nothing else for now")]
    [InlineData("great, now deploy it")]
    [InlineData("Stopwatch support would be nice next")]
    public void Ordinary_replies_are_not_corrections(string message)
    {
        Assert.Empty(AfterAgent(message));
    }

    [Fact]
    public void A_correction_needs_something_to_correct()
    {
        Assert.Empty(SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User("no, not yet").Events));
    }

    [Theory]
    [InlineData("Remember that the staging DB is read-only")]
    [InlineData("From now on, run dotnet format before committing")]
    [InlineData("always use pnpm in this repo")]
    [InlineData("Good. Never push to main directly.")]
    [InlineData("please keep in mind the API has a 100 req/s limit")]
    public void Remember_requests_are_detected(string message)
    {
        var signals = SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User(message).Events);

        var request = Assert.IsType<RememberRequestSignal>(Assert.Single(signals));
        Assert.Equal((message, $"remember_request|{request.ShortForm}"), (request.Quote, request.Signature));
    }

    [Theory]
    [InlineData("I don't remember where the config lives")]
    [InlineData("do you remember the last error?")]
    [InlineData("it never worked on windows")]
    [InlineData("the noted thing")]
    public void Mentions_of_memory_are_not_remember_requests(string message)
    {
        Assert.Empty(SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User(message).Events));
    }

    [Fact]
    public void Remember_requests_with_different_numbers_share_a_signature()
    {
        var one = SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User("from now on use port 8080 on /srv/a").Events).Single();
        var other = SessionSignals.Extract("sesn_b", "coder", new SignalEvents().User("From now on use port 9090 on /srv/b!").Events).Single();

        Assert.Equal("remember_request|from now on use port <num> on <path>", one.Signature);
        Assert.Equal(one.Signature, other.Signature);
    }

    [Fact]
    public void Long_messages_are_cut_in_quotes()
    {
        var message = "remember that " + new string('x', 300);
        var request = Assert.IsType<RememberRequestSignal>(SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User(message).Events).Single());

        Assert.Equal(SignalText.MaxQuoteChars, request.Quote.Length);
        Assert.EndsWith("x…", request.Quote, StringComparison.Ordinal);
    }
}
