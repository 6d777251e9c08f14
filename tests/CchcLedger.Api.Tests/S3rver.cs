using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CchcLedger.Api.Evidence;

namespace CchcLedger.Api.Tests;

/// <summary>
/// A real S3-compatible server for the evidence tests: the npm package s3rver, pinned by <c>S3rver/package-lock.json</c>
/// and installed by the tests themselves (<c>npm ci</c>, once, into <c>S3rver/node_modules</c>, git-ignored). One server for
/// the whole run, on a free loopback port, keeping its objects as files in a temporary folder; stopped and removed at
/// the end. Node.js and npm must be on the machine (the README's set-up installs them).
/// </summary>
public sealed class S3rver
{
    public const string Bucket = "evidence";
    /// <summary>s3rver accepts exactly these credentials.</summary>
    public const string Key = "S3RVER";

    private static readonly Lazy<Task<S3rver>> Started = new(StartAsync);
    public static Task<S3rver> SharedAsync() => Started.Value;

    private readonly Process _process;

    private S3rver(Process process, string serviceUrl, string folder) => (_process, ServiceUrl, Folder) = (process, serviceUrl, folder);

    public string ServiceUrl { get; }
    public string Folder { get; }

    /// <summary>Settings for a store under <paramref name="prefix"/> of the bucket: tests keep apart by prefix.</summary>
    public S3Settings Settings(string prefix) => new(ServiceUrl, Bucket, Key, Key, "us-east-1", ForcePathStyle: true, prefix);

    /// <summary>Where s3rver keeps an object's bytes on disk: what a test changes to tamper with a stored file.</summary>
    public string ObjectFile(string key) => Path.Combine(Folder, Bucket, key + "._S3rver_object");

    private static async Task<S3rver> StartAsync()
    {
        var package = PackageFolder();
        var script = Path.Combine(package, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script)) await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], package, TimeSpan.FromMinutes(5));

        var folder = Path.Combine(Path.GetTempPath(), $"cchc-s3rver-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo("node", [script, "-d", folder, "-a", "127.0.0.1", "-p", port.ToString(), "--silent", "--configure-bucket", Bucket])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new S3rver(process, $"http://127.0.0.1:{port}", folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"s3rver exited at start ({process.ExitCode}): {errors}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                // The bucket is configured just after the port opens: wait for it to exist.
                if (Directory.Exists(Path.Combine(folder, Bucket))) return server;
            }
            catch (SocketException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"s3rver did not answer on port {port} within 30 s: {errors}");
            await Task.Delay(100);
        }
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { /* already gone */ }
        try { Directory.Delete(Folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a temporary folder; the system sweeps it */ }
    }

    /// <summary>The package folder beside this file in the repository (found upwards from the test binaries).</summary>
    private static string PackageFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CchcLedger.sln"))) return Path.Combine(dir.FullName, "tests", "CchcLedger.Api.Tests", "S3rver");
        throw new DirectoryNotFoundException("CchcLedger.sln not found above the test binaries: the S3rver package folder cannot be located");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string[] args, string folder, TimeSpan limit)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{program} could not be started: install Node.js and npm (README, 'Set-up')");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}) in {folder}: {await output}{await errors}");
    }
}
