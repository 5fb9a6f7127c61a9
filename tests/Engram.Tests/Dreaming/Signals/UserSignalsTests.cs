using Engram.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Signals;

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
    [InlineData("Thanks, the build is green. But don't use npm here, use pnpm.", "don't use npm here, use pnpm.")]
    [InlineData("Looks fine.\nActually, the port is 8080 not 3000", "Actually, the port is 8080 not 3000")]
    public void Corrections_are_found_wherever_they_are_said_and_quote_the_users_words_from_there(string message, string words)
    {
        var correction = Assert.IsType<UserCorrectionSignal>(Assert.Single(AfterAgent(message)));
        Assert.Equal(words, correction.Quote);
        Assert.Contains(correction.Quote, message, StringComparison.Ordinal);
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
    [InlineData("Remember that the staging DB is read-only", "Remember that the staging DB is read-only")]
    [InlineData("From now on, run dotnet format before committing", "From now on, run dotnet format before committing")]
    [InlineData("always use pnpm in this repo", "always use pnpm in this repo")]
    [InlineData("Good. Never push to main directly.", "Never push to main directly.")]
    [InlineData("please keep in mind the API has a 100 req/s limit", "please keep in mind the API has a 100 req/s limit")]
    [InlineData("Fix the flaky login test, and always run the hooks before you push.", "always run the hooks before you push.")]
    [InlineData("Thanks, that works.\nFor future reference, the staging DB is read-only.", "For future reference, the staging DB is read-only.")]
    public void Remember_requests_are_found_wherever_they_are_said_and_quote_the_users_words(string message, string words)
    {
        var signals = SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User(message).Events);

        var request = Assert.IsType<RememberRequestSignal>(Assert.Single(signals));
        Assert.Equal((words, $"remember_request|{request.ShortForm}"), (request.Quote, request.Signature));
        Assert.Contains(request.Quote, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_task_statement_asks_to_remember_only_in_explicit_words()
    {
        var issue = "The parser always returns None for empty input. " + string.Join(' ', Enumerable.Repeat("Steps to reproduce follow.", 80));
        Assert.Empty(SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User(issue).Events));

        var withRequest = issue + " From now on, add a regression test for every parser bug.";
        var request = Assert.IsType<RememberRequestSignal>(Assert.Single(SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User(withRequest).Events)));
        Assert.Equal("From now on, add a regression test for every parser bug.", request.Quote);
    }

    [Fact]
    public void Code_blocks_and_quoted_lines_are_not_the_user_speaking()
    {
        var message = "Here is the log:\n```\nremember to flush\nalways retry\n```\n> Never push on Fridays\nCan you look?";

        Assert.Empty(SessionSignals.Extract("sesn_a", "coder", new SignalEvents().User(message).Events));
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
