using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CchcLedger.Api.Hosting;

/// <summary>Where a private cluster lives and how it runs.</summary>
/// <param name="BaseDir">Holds <c>data/</c>, <c>socket/</c> and <c>postgres.log</c>.</param>
/// <param name="Port">A fixed port, or null for a free one.</param>
/// <param name="Throwaway">A test cluster: fsync off, stopped fast.</param>
public sealed record LocalPostgresOptions(string BaseDir, int? Port = null, bool Throwaway = false, string Database = "cchc");

/// <summary>
/// A private PostgreSQL cluster started from the machine's server binaries, bound to 127.0.0.1 with its socket in
/// its own folder. As root, initdb and postgres run as the <c>postgres</c> system user, as they refuse root.
/// A cluster found already running in the folder is reused, and only a cluster started here is stopped here.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    public const string InstallHint =
        "Install the distribution's PostgreSQL server package (Debian/Ubuntu: apt-get install postgresql), " +
        "or set ConnectionStrings__Ledger to a PostgreSQL server you run.";

    private readonly string _bin;
    private readonly bool _asPostgresUser;
    private readonly ILogger _log;
    private bool _startedHere;

    private LocalPostgres(string bin, LocalPostgresOptions options, bool asPostgresUser, ILogger log)
    {
        (_bin, Options, _asPostgresUser, _log) = (bin, options, asPostgresUser, log);
    }

    public LocalPostgresOptions Options { get; }
    public string DataDir => Path.Combine(Options.BaseDir, "data");
    public string SocketDir => Path.Combine(Options.BaseDir, "socket");
    public string LogFile => Path.Combine(Options.BaseDir, "postgres.log");
    public int Port { get; private set; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = Options.Database, Pooling = true,
    }.ConnectionString;

    /// <summary>
    /// The folder holding initdb and pg_ctl: <paramref name="path"/> (default: PATH) first, then the per-version folders
    /// under <paramref name="debianRoot"/> (Debian's /usr/lib/postgresql/N/bin), newest first. Fails, naming the fix, when there is none.
    /// </summary>
    public static string FindBinaries(string? path = null, string debianRoot = "/usr/lib/postgresql")
    {
        var onPath = (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        var debian = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
            : [];
        return onPath.Concat(debian).FirstOrDefault()
            ?? throw new InvalidOperationException($"No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under {debianRoot}. {InstallHint}");
    }

    /// <summary>
    /// A program of the same server installation as <see cref="FindBinaries"/>'s (pg_dump, pg_restore): beside initdb, or
    /// beside the file initdb links to (a PATH folder may hold links to some of Debian's programs only).
    /// </summary>
    public static string ServerTool(string name)
    {
        var bin = FindBinaries();
        if (File.Exists(Path.Combine(bin, name))) return Path.Combine(bin, name);
        var target = new FileInfo(Path.Combine(bin, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
        return target is not null && File.Exists(Path.Combine(Path.GetDirectoryName(target.FullName)!, name))
            ? Path.Combine(Path.GetDirectoryName(target.FullName)!, name)
            : throw new InvalidOperationException($"{name} was not found beside the PostgreSQL server's programs in {bin}. {InstallHint}");
    }

    /// <summary>A handle on the cluster in <paramref name="options"/>'s folder, without starting it.</summary>
    public static LocalPostgres Open(LocalPostgresOptions options, ILogger log)
    {
        var bin = FindBinaries();
        var asPostgresUser = Environment.IsPrivilegedProcess;
        if (asPostgresUser)
        {
            if (!CanPostgresUserReach(NearestExisting(options.BaseDir)))
            {
                var fallback = Path.Combine("/var/tmp", "cchc-ledger", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                    System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(options.BaseDir))))[..12].ToLowerInvariant());
                log.LogWarning("The postgres system user cannot reach {Folder} (a parent folder is private); the cluster is kept in {Fallback} instead",
                    options.BaseDir, fallback);
                options = options with { BaseDir = fallback };
            }
        }
        return new LocalPostgres(bin, options, asPostgresUser, log);
    }

    public static async Task<LocalPostgres> StartAsync(LocalPostgresOptions options, ILogger log, CancellationToken ct = default)
    {
        var pg = Open(options, log);
        await pg.StartAsync(ct);
        return pg;
    }

    public bool IsRunning => File.Exists(Path.Combine(DataDir, "postmaster.pid")) && Run(Tool("pg_ctl"), ["status", "-D", DataDir]).ExitCode == 0;

    public async Task StartAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Options.BaseDir);
        Directory.CreateDirectory(SocketDir);
        if (_asPostgresUser)
        {
            Chown(Options.BaseDir);
            Chown(SocketDir);
        }

        if (!File.Exists(Path.Combine(DataDir, "PG_VERSION")))
        {
            _log.LogInformation("Creating a PostgreSQL cluster in {DataDir}", DataDir);
            Check(Run(Tool("initdb"), ["-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]), "initdb");
        }

        if (IsRunning)
        {
            Port = RunningPort();
            _log.LogInformation("Using the PostgreSQL cluster already running in {DataDir} on 127.0.0.1:{Port}", DataDir, Port);
        }
        else
        {
            Port = Options.Port ?? FreePort();
            var settings = $"-c port={Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={SocketDir}";
            if (Options.Throwaway) settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            Check(Run(Tool("pg_ctl"), ["start", "-D", DataDir, "-l", LogFile, "-w", "-t", "60", "-o", settings], captureOutput: false), "pg_ctl start");
            _startedHere = true;
            _log.LogInformation("Started PostgreSQL in {DataDir} on 127.0.0.1:{Port} (log: {LogFile})", DataDir, Port, LogFile);
        }
        await CreateDatabaseAsync(ct);
    }

    /// <param name="immediate">Stop at once, without a checkpoint, as a crash would (the next start recovers from the WAL).</param>
    public Task StopAsync(bool? immediate = null)
    {
        if (IsRunning)
        {
            Run(Tool("pg_ctl"), ["stop", "-D", DataDir, "-m", immediate ?? Options.Throwaway ? "immediate" : "fast", "-w"]);
            _log.LogInformation("Stopped PostgreSQL in {DataDir}", DataDir);
        }
        _startedHere = false;
        return Task.CompletedTask;
    }

    /// <summary>The server's processes: the postmaster and every process it started (backends, writers), from /proc.</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        if (!File.Exists(Path.Combine(DataDir, "postmaster.pid"))) return [];
        var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).First().Trim());
        var children = Directory.GetDirectories("/proc").Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == postmaster);
        return [postmaster, .. children];
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_startedHere) await StopAsync();
    }

    private async Task CreateDatabaseAsync(CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", conn);
        exists.Parameters.AddWithValue("name", Options.Database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{Options.Database}\" encoding 'UTF8'", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The port of the running cluster, from its postmaster.pid.</summary>
    public int RunningPort()
    {
        // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, …
        var lines = File.ReadAllLines(Path.Combine(DataDir, "postmaster.pid"));
        return int.Parse(lines[3].Trim());
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private string Tool(string name) => Path.Combine(_bin, name);

    private static string NearestExisting(string folder)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(folder));
        while (!dir.Exists && dir.Parent is not null) dir = dir.Parent;
        return dir.FullName;
    }

    private static bool CanPostgresUserReach(string folder) =>
        Exec("runuser", ["-u", "postgres", "--", "test", "-x", Path.GetFullPath(folder)]).ExitCode == 0;

    private static void Chown(string folder) => Exec("chown", ["postgres:postgres", folder]);

    private (int ExitCode, string Output) Run(string tool, IEnumerable<string> args, bool captureOutput = true) =>
        _asPostgresUser ? Exec("runuser", new[] { "-u", "postgres", "--", tool }.Concat(args), captureOutput) : Exec(tool, args, captureOutput);

    private static (int ExitCode, string Output) Exec(string file, IEnumerable<string> args, bool captureOutput = true)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = captureOutput, RedirectStandardError = captureOutput, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = captureOutput ? process.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        var error = captureOutput ? process.StandardError.ReadToEndAsync() : Task.FromResult("");
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private void Check((int ExitCode, string Output) result, string what)
    {
        if (result.ExitCode == 0) return;
        var log = File.Exists(LogFile) ? File.ReadLines(LogFile).TakeLast(20) : [];
        throw new InvalidOperationException($"{what} failed (exit {result.ExitCode}): {result.Output}\n{string.Join('\n', log)}");
    }
}
