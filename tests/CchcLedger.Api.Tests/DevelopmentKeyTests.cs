using CchcLedger.Api.Hosting;

namespace CchcLedger.Api.Tests;

public sealed class DevelopmentKeyTests
{
    [Fact]
    public async Task hosts_starting_at_once_all_end_up_with_the_one_development_key_that_is_on_disk()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cchc-devkey-{Guid.NewGuid():N}", "event-mac.key");
        try
        {
            var keys = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
                DevelopmentKeys.ReadOrCreate(file, () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), "made", null))));
            Assert.Single(keys.Distinct());
            Assert.Equal(keys[0], await File.ReadAllTextAsync(file));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!)); // no leftovers of the losers
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
