using Engram.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Signals;

public sealed class TemplateMinerTests
{
    [Fact]
    public void Near_identical_messages_share_one_template_with_a_wildcard()
    {
        var miner = new TemplateMiner();

        var first = miner.Add("fatal: remote origin already exists");
        var second = miner.Add("fatal: remote upstream already exists");
        var third = miner.Add("fatal: remote fork already exists");

        Assert.Equal("fatal: remote origin already exists", first.Text);
        Assert.Equal("fatal: remote <*> already exists", second.Text);
        Assert.Equal(second, third);
        Assert.Equal([second], miner.Templates);
    }

    [Fact]
    public void Messages_that_agree_on_too_few_tokens_stay_apart()
    {
        var miner = new TemplateMiner();

        var refused = miner.Add("error: connection refused by peer now");
        var other = miner.Add("error: disk quota exceeded for user");
        var shorter = miner.Add("error: connection refused");

        Assert.Equal(3, miner.Templates.Count);
        Assert.NotEqual(refused.Id, other.Id);
        Assert.Equal("error: connection refused", shorter.Text);
    }

    [Fact]
    public void The_same_messages_in_the_same_order_give_the_same_ids_in_another_miner()
    {
        string[] messages = ["fatal: remote origin already exists", "fatal: remote upstream already exists", "error: x failed at 12"];
        var one = new TemplateMiner();
        var other = new TemplateMiner();

        Assert.Equal(messages.Select(one.Add).ToList(), messages.Select(other.Add).ToList());
    }
}
