using CchcLedger.Api.Hosting;

namespace CchcLedger.Api.Tests;

public class LocalPostgresTests
{
    [Fact]
    public void without_server_binaries_it_fails_at_once_naming_the_fix()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), $"cchc-no-pg-{Guid.NewGuid():N}");
        var error = Assert.Throws<InvalidOperationException>(() => LocalPostgres.FindBinaries(path: nowhere, debianRoot: nowhere));
        Assert.Contains("apt-get install postgresql", error.Message);
        Assert.Contains("ConnectionStrings__Ledger", error.Message);
    }

    [Fact]
    public void the_newest_per_version_folder_is_found_when_nothing_is_on_the_path()
    {
        var root = Directory.CreateTempSubdirectory("cchc-pg-root-").FullName;
        try
        {
            foreach (var version in new[] { "9", "15", "13" })
            {
                Directory.CreateDirectory(Path.Combine(root, version, "bin"));
                File.WriteAllText(Path.Combine(root, version, "bin", "initdb"), "");
            }
            Assert.Equal(Path.Combine(root, "15", "bin"), LocalPostgres.FindBinaries(path: "", debianRoot: root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
