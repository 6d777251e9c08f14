using System.Globalization;

namespace CchcLedger.Domain;

/// <summary>
/// What a number can mean in this domain, and nothing beyond it. Points and maxima are at most
/// <see cref="MaxPoints"/>, numerators and denominators at most <see cref="MaxMeasure"/>, counts whole and at most
/// <see cref="MaxCount"/>; every value has at most <see cref="MaxDecimals"/> decimals. With these bounds no sum, product
/// or quotient the scoring computes can leave <see cref="decimal"/>'s range: overflow is impossible by construction.
/// A value with more decimals is refused, never rounded: the ledger stores exactly what it was sent.
/// </summary>
public static class Numbers
{
    public const int MaxDecimals = 4;
    public const decimal MaxPoints = 1000m;
    public const decimal MaxMeasure = 1_000_000_000_000m;
    public const decimal MaxCount = 1_000_000_000m;

    /// <summary>Digits before the decimal point that any numeric field may carry at all (the largest bound, <see cref="MaxMeasure"/>, has 13).</summary>
    public const int MaxIntegerDigits = 15;

    /// <summary>A value within [<paramref name="min"/>, <paramref name="max"/>] with at most <see cref="MaxDecimals"/> decimals, or why not.</summary>
    public static Refusal? Check(decimal value, string field, decimal min, decimal max, string? range = null)
    {
        if (Decimals(value) > MaxDecimals) return Refusal.Invalid(field, $"must have at most {MaxDecimals} decimals");
        if (value < min || value > max) return Refusal.Invalid(field, $"must be between {Text(min)} and {Text(max)}{(range is null ? "" : $" ({range})")}");
        return null;
    }

    /// <summary>The decimals a value really has: 0.50 has one, 80.00 none.</summary>
    public static int Decimals(decimal value) => (value / 1.0000000000000000000000000000m).Scale;

    public static string Text(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a JSON number's text exactly: <c>1e-400</c> is not 0 and <c>0.50000000000000000000000000001</c> is not 0.5.
    /// Refused (with the reason) when it has more than <see cref="MaxDecimals"/> decimals or more than
    /// <see cref="MaxIntegerDigits"/> digits before the point, whatever exponent it is written with.
    /// </summary>
    public static bool TryParseExact(ReadOnlySpan<byte> json, out decimal value, out string? error)
    {
        value = 0m;
        error = "is not a number";
        var i = 0;
        var negative = i < json.Length && json[i] == '-';
        if (negative) i++;
        var digits = new System.Text.StringBuilder();
        var intStart = i;
        while (i < json.Length && json[i] is >= (byte)'0' and <= (byte)'9') digits.Append((char)json[i++]);
        if (i == intStart) return false;
        var exponent = 0L;
        if (i < json.Length && json[i] == '.')
        {
            i++;
            var fracStart = i;
            while (i < json.Length && json[i] is >= (byte)'0' and <= (byte)'9') { digits.Append((char)json[i++]); exponent--; }
            if (i == fracStart) return false;
        }
        if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
        {
            i++;
            var expNegative = false;
            if (i < json.Length && json[i] is (byte)'+' or (byte)'-') expNegative = json[i++] == '-';
            var expStart = i;
            var written = 0L;
            // An exponent beyond any meaningful size is held at a bound: the verdict (too large, too many decimals) is the same.
            while (i < json.Length && json[i] is >= (byte)'0' and <= (byte)'9') written = Math.Min(written * 10 + (json[i++] - '0'), 1_000_000);
            if (i == expStart) return false;
            exponent += expNegative ? -written : written;
        }
        if (i != json.Length) return false;

        // value = digits × 10^exponent: drop leading zeros, then trailing zeros into the exponent.
        var d = digits.ToString().TrimStart('0');
        var trimmed = d.TrimEnd('0');
        exponent += d.Length - trimmed.Length;
        d = trimmed;
        if (d.Length == 0) { error = null; return true; }
        if (exponent < -MaxDecimals) { error = $"must have at most {MaxDecimals} decimals (the ledger stores exactly what it is sent and does not round)"; return false; }
        if (d.Length + exponent > MaxIntegerDigits) { error = "is too large for any quantity of this ledger"; return false; }

        var text = exponent >= 0 ? d + new string('0', (int)exponent) : d.Length > -exponent ? d.Insert(d.Length + (int)exponent, ".") : "0." + new string('0', (int)(-exponent - d.Length)) + d;
        value = decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (negative) value = -value;
        error = null;
        return true;
    }
}
