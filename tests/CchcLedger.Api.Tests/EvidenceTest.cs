using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace CchcLedger.Api.Tests;

/// <summary>Helpers of the evidence tests: sample files, uploads and downloads as a given principal, the evidence tables as their owner.</summary>
public abstract class EvidenceTest(LedgerFixture fixture) : LedgerTest(fixture)
{
    protected const string Card = "/api/years/2017/scorecards/huu-lung";

    /// <summary>A small PDF (header, a line of text, random body, trailer): different bytes on every call.</summary>
    protected static byte[] Pdf(string text, int bodyBytes = 4000) =>
        [.. "%PDF-1.4\n% "u8.ToArray(), .. Encoding.UTF8.GetBytes(text), .. "\n"u8.ToArray(), .. RandomNumberGenerator.GetBytes(bodyBytes), .. "\n%%EOF\n"u8.ToArray()];

    protected static byte[] Png(int bodyBytes = 3000) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(bodyBytes)];

    protected static byte[] Exe() => [.. "MZ"u8.ToArray(), .. RandomNumberGenerator.GetBytes(2000)];

    protected static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Uploads files as multipart/form-data (parts named <c>files</c>), as <paramref name="token"/>'s holder (default: the agency's officer).</summary>
    protected async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Upload(string url, string? token, params (string Name, byte[] Bytes)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "files", name);
        }
        return await Send(url, token, content);
    }

    /// <summary>A POST of any content, with optional headers, as <paramref name="token"/>'s holder.</summary>
    protected async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> Send(string url, string? token, HttpContent content, params (string Name, string Value)[] headers)
    {
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? TestTokens.ForRequest("POST", url));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>A GET as <paramref name="token"/>'s holder, or anonymously when it is null.</summary>
    protected async Task<HttpResponseMessage> Download(string url, string? token)
    {
        using var client = Host.Server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(url);
    }

    protected static async Task<JsonNode> ProblemOf(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Runs SQL on the test database as its owner; the first column of the first row.</summary>
    protected async Task<T> AsOwner<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(OwnerConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    protected Task<long> Rows(string table) => AsOwner<long>($"select count(*) from cchc.{table}");

    /// <summary>The stored body of the last event of a type.</summary>
    protected async Task<JsonNode> LastEvent(string type) =>
        JsonNode.Parse(await AsOwner<string>("select data::text from cchc.mt_events where type = @type order by seq_id desc limit 1", ("type", type)))!;
}
