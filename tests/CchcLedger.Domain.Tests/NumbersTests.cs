using System.Text;
using CchcLedger.Domain;

namespace CchcLedger.Domain.Tests;

public sealed class NumbersTests
{
    private static (bool Ok, decimal Value, string? Error) Parse(string text)
    {
        var ok = Numbers.TryParseExact(Encoding.UTF8.GetBytes(text), out var value, out var error);
        return (ok, value, error);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("77.9", "77.9")]
    [InlineData("80.00", "80")]
    [InlineData("0.5000000000000000000000000000", "0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("12.5E-1", "1.25")]
    [InlineData("-1.25", "-1.25")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("1E-4", "0.0001")]
    [InlineData("0e-400", "0")]
    [InlineData("999999999999999", "999999999999999")]
    public void a_number_the_ledger_can_hold_is_read_exactly(string text, string expected)
    {
        var (ok, value, error) = Parse(text);
        Assert.True(ok, error);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("1e-400", "decimals")]
    [InlineData("0.50000000000000000000000000001", "decimals")]
    [InlineData("0.00001", "decimals")]
    [InlineData("1e28", "too large")]
    [InlineData("79228162514264337593543950335", "too large")]
    [InlineData("1e999999999999999999", "too large")]
    [InlineData("1000000000000000", "too large")]
    [InlineData("1.", "not a number")]
    [InlineData(".5", "not a number")]
    [InlineData("1e", "not a number")]
    [InlineData("--1", "not a number")]
    public void a_number_it_cannot_hold_exactly_is_refused_with_the_reason(string text, string reason)
    {
        var (ok, _, error) = Parse(text);
        Assert.False(ok);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void decimals_count_what_the_value_has_not_how_it_was_written()
    {
        Assert.Equal(0, Numbers.Decimals(80.00m));
        Assert.Equal(1, Numbers.Decimals(0.50m));
        Assert.Null(Numbers.Check(0.1234m, "x", 0, 1));
        Assert.Equal("x", Numbers.Check(0.12345m, "x", 0, 1)!.Field);
        Assert.Contains("between 0 and 1000", Numbers.Check(1000.5m, "x", 0, Numbers.MaxPoints)!.Reason);
    }
}
