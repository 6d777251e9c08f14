using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CchcLedger.Api.Tests;

/// <summary>
/// The served OpenAPI document, linted by Redocly CLI with its recommended rules (pinned by
/// <c>tools/openapi/package-lock.json</c>, installed there by this test with <c>npm ci</c>; config <c>tools/openapi/redocly.yaml</c>).
/// </summary>
public sealed class OpenApiLintTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task the_served_document_passes_redocly_recommended_rules_with_no_error()
    {
        var document = (await Get("/openapi/v1.json")).ToJsonString();
        var file = Path.Combine(Path.GetTempPath(), $"cchc-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var (code, output) = await Redocly.LintAsync(file);
            var report = JsonNode.Parse(output)!;
            var problems = report["problems"]!.AsArray();
            var errors = problems.Where(p => p!["severity"]!.GetValue<string>() == "error").ToList();
            var warnings = problems.Count - errors.Count;
            Assert.True(errors.Count == 0, $"redocly lint: {errors.Count} errors, {warnings} warnings (exit {code}):\n" +
                string.Join("\n", errors.Take(40).Select(e => $"{e!["ruleId"]}: {e["message"]} at {e["location"]?[0]?["pointer"]}")));
            Assert.Equal(0, code);
        }
        finally { File.Delete(file); }
    }
}

/// <summary>Redocly CLI from <c>tools/openapi</c>: installed once per run with <c>npm ci</c> from its lockfile, never fetched by a page.</summary>
public static class Redocly
{
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    public static async Task<(int Code, string Output)> LintAsync(string document)
    {
        var folder = await Installed.Value;
        return await RunAsync("node", [Path.Combine(folder, "node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", document,
            "--config", Path.Combine(folder, "redocly.yaml"), "--format", "json"], folder, TimeSpan.FromMinutes(3));
    }

    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CchcLedger.sln"))) return Path.Combine(dir.FullName, "tools", "openapi");
        throw new DirectoryNotFoundException("CchcLedger.sln not found above the test binaries");
    }

    private static async Task<string> InstallAsync()
    {
        var folder = Folder();
        if (!File.Exists(Path.Combine(folder, "node_modules", "@redocly", "cli", "bin", "cli.js")))
        {
            var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], folder, TimeSpan.FromMinutes(5));
            if (code != 0) throw new InvalidOperationException($"npm ci in {folder} failed ({code}): {output}");
        }
        return folder;
    }

    private static async Task<(int, string)> RunAsync(string program, string[] args, string folder, TimeSpan limit)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
        }) ?? throw new InvalidOperationException($"{program} could not be started: install Node.js and npm (README, 'Set-up')");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + (process.ExitCode is 0 or 1 ? "" : await errors));
    }
}
