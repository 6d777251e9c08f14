using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Wolverine.Http;

namespace CchcLedger.Api.Hosting;

/// <summary>What an endpoint does, in Vietnamese and in English: the operation's summary and description in the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiAttribute(string vi, string en) : Attribute
{
    public string Vi { get; } = vi;
    public string En { get; } = en;
    public string? DetailVi { get; init; }
    public string? DetailEn { get; init; }
    /// <summary>False for a 201 that creates more than one thing and so sends no <c>Location</c>.</summary>
    public bool Location { get; init; } = true;
}

/// <summary>
/// The problem statuses an endpoint's own code answers (its refusals: 400, 404, 409, 412, 500…). Those that the pipeline
/// answers in front of every endpoint of a kind (401/403 from the access table, 400/409/413/422 on every POST, 429, 503)
/// are added by <see cref="ApiContract"/> and need not be listed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RefusesAttribute(params int[] statuses) : Attribute
{
    public int[] Statuses { get; } = statuses;
}

/// <summary>The answer carries the record's stream version as <c>ETag</c>; a POST honours <c>If-Match</c> (412 when stale).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class VersionedAttribute : Attribute
{
    /// <summary>False for a write that starts a new record: it answers an ETag but has nothing to match.</summary>
    public bool IfMatch { get; init; } = true;
}

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) as the API really behaves, derived from endpoint metadata and the
/// access table so that a new endpoint is described by the same rules: typed answers (never <c>IResult</c>), every
/// status with problem details, the bearer scheme with the roles of <see cref="AccessControl.Rules"/>, the headers the
/// middleware honours, tags by area, decimals as exact numbers.
/// </summary>
public static class ApiContract
{
    public const string ProblemSchema = "Problem";
    public const string BearerScheme = "bearer";
    public const string ProblemJson = "application/problem+json";

    /// <summary>Areas by the namespace of their endpoints (<c>CchcLedger.Api.{Area}</c>): the tag and its description.</summary>
    public static readonly IReadOnlyDictionary<string, (string Tag, string Vi, string En)> Areas = new Dictionary<string, (string, string, string)>
    {
        ["Agencies"] = ("Agencies", "Cơ quan, đơn vị được chấm điểm: đăng ký, đổi tên, chuyển khối, giải thể.", "The agencies that are scored: registration, renaming, change of block, dissolution."),
        ["Criteria"] = ("Criteria sets", "Bộ tiêu chí của từng năm và khối: soạn thảo, ban hành, sửa đổi, so sánh phiên bản.", "Each year's and block's criteria set: drafting, adoption, amendment, version differences."),
        ["Scorecards"] = ("Scorecards", "Phiếu chấm điểm của đơn vị: tự chấm, nộp, thẩm định, điều chỉnh, điểm điều tra xã hội học, giải trình.", "An agency's scorecard: self-scores, submission, appraisal, adjustments, survey points, explanations."),
        ["Evidence"] = ("Evidence", "Tài liệu kiểm chứng: tải lên, liệt kê, tải xuống đã đối chiếu mã băm.", "Evidence files: upload, listing, hash-checked download."),
        ["Rankings"] = ("Rankings", "Xếp hạng theo khối, công bố chính thức và tái lập kết quả công bố.", "Rankings by block, official publications and their regeneration."),
        ["Appeals"] = ("Appeals", "Kết quả sơ bộ, kiến nghị của đơn vị và quyết định của Hội đồng.", "Preliminary results, agencies' appeals and the council's decisions."),
        ["Integrity"] = ("Integrity", "Toàn vẹn sổ cái: kiểm tra chuỗi băm, khóa công khai, bằng chứng, gói công bố.", "Ledger integrity: chain verification, public key, proofs, publication bundles."),
        ["Access"] = ("Access", "Thu hồi mã truy cập (token).", "Token revocation."),
        ["Api"] = ("Health", "Tình trạng hoạt động của dịch vụ.", "Liveness and readiness of the service."),
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer(DescribeSchema);
        options.AddOperationTransformer(DescribeOperation);
        options.AddDocumentTransformer(DescribeDocument);
    }

    // ---- schemas -------------------------------------------------------------------------------------------------

    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        // Points, maxima, numerators, denominators: exact decimals on the wire as JSON numbers (ExactDecimals), never doubles.
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(decimal))
        {
            schema.Type = type == typeof(decimal) ? JsonSchemaType.Number : JsonSchemaType.Number | JsonSchemaType.Null;
            schema.Format = "decimal";
            schema.Pattern = null;
            schema.Description ??= $"Số thập phân chính xác (decimal), JSON number; dữ liệu gửi lên có tối đa {Domain.Numbers.MaxDecimals} chữ số thập phân · " +
                $"An exact decimal sent as a JSON number; values sent have at most {Domain.Numbers.MaxDecimals} decimals and are never rounded.";
        }
        // Enums travel as their camelCase names (JsonStringEnumConverter): say they are strings.
        if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum && schema.Type is null && schema.Enum is { Count: > 0 })
            schema.Type = Nullable.GetUnderlyingType(type) is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        return Task.CompletedTask;
    }

    // ---- operations ----------------------------------------------------------------------------------------------

    private static async Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = (metadata.OfType<HttpChain>().FirstOrDefault()?.Method.Method) ?? metadata.OfType<MethodInfo>().FirstOrDefault();
        var httpMethod = description.HttpMethod ?? "GET";
        var route = "/" + (description.RelativePath ?? "").TrimStart('/');
        var rule = AccessControl.RuleFor(httpMethod, route);
        var isPost = HttpMethods.IsPost(httpMethod);
        var document = context.Document!;

        // Tag by area, id and words from the endpoint itself.
        var area = method?.DeclaringType?.Namespace?.Split('.').Last() ?? "Api";
        var tag = Areas.TryGetValue(area, out var known) ? known.Tag : area;
        operation.Tags = new HashSet<OpenApiTagReference> { new(tag, document) };
        if (method is not null)
        {
            var siblings = method.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.Static).Count(m => m.GetCustomAttributes<WolverineHttpMethodAttribute>().Any());
            var name = method.DeclaringType.Name.Replace("Endpoints", "").Replace("Endpoint", "");
            operation.OperationId = siblings > 1 ? name + method.Name : name;
        }
        var words = method?.GetCustomAttribute<ApiAttribute>();
        var roles = rule?.Roles ?? [];
        var anonymous = roles.Contains(AccessRule.Anonymous);
        var lines = new List<string>();
        if (words is not null)
        {
            operation.Summary = $"{words.Vi} · {words.En}";
            lines.Add(words.DetailVi ?? words.Vi + ".");
            lines.Add(words.DetailEn ?? words.En + ".");
        }
        lines.Add(rule is null ? "**Không ai được gọi · Closed to everyone**: no access rule (403)."
            : anonymous ? "**Mở cho mọi người · Open to anyone**: no token needed."
            : $"**Vai trò · Roles**: {string.Join(", ", roles.Select(r => $"`{r}`"))}"
              + (rule.Scope == AgencyScope.None ? "" : $" (cán bộ đơn vị chỉ với đơn vị của mình · an agency officer only for its own agencies: {rule.Scope})."));
        operation.Description = string.Join("\n\n", lines);
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray(roles.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()));

        // Security from the access table: open operations say so with an empty requirement list.
        operation.Security = anonymous && rule!.Scope == AgencyScope.None
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = roles.Where(r => r != AccessRule.Anonymous).ToList() }];

        // Headers the middleware honours on a write, and If-Match where the endpoint checks it.
        var versioned = method?.GetCustomAttribute<VersionedAttribute>() is not null;
        var ifMatch = isPost && method?.GetCustomAttribute<VersionedAttribute>()?.IfMatch == true;
        var streamed = method?.GetCustomAttribute<Evidence.StreamedBodyAttribute>() is not null;
        operation.Parameters ??= [];
        if (isPost)
        {
            operation.Parameters.Add(Header(Idempotency.Header,
                "Khóa chống gửi trùng: gửi lại cùng yêu cầu với cùng khóa thì nhận lại câu trả lời cũ, không ghi thêm · An idempotency key: the same request sent again with the same key " +
                $"replays the first answer (header `{Idempotency.ReplayedHeader}: true`) and writes nothing; another request with a used key is a 422. 1 to {Idempotency.MaxKeyLength} visible ASCII characters, such as a UUID.",
                "7b0e4c8e-0f7a-4f5e-9a51-3c1d2b8f6a10"));
            operation.Parameters.Add(Header(RequestGuards.EffectiveAtHeader,
                "Thời điểm có hiệu lực (chỉ cán bộ Sở Nội vụ, Hội đồng) · When what is recorded took effect, an ISO 8601 instant with its offset; staff only (an agency officer is refused 403).",
                "2018-01-15T09:00:00+07:00"));
            if (ifMatch)
                operation.Parameters.Add(Header("If-Match",
                    "Phiên bản đã đọc (ETag) · The ETag read earlier (quotes included): a record changed since is refused 412 and nothing is written. `*` or no header: no check.",
                    "\"12\""));
        }
        if (metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == 304))
            operation.Parameters.Add(Header("If-None-Match", "ETag đã có · An ETag held: 304 when the file is that one.", "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""));
        if (operation.Parameters.Count == 0) operation.Parameters = null;

        // Responses: the typed answers the endpoint declares (never IResult), then every problem status it can meet.
        var responses = new OpenApiResponses();
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (!int.TryParse(status, out var code) || code >= 400) continue;
            if (response.Content?.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }) == true) continue;
            responses[status] = response;
        }
        // A declared type that ApiExplorer described already is kept (a reference to its component); two types for one
        // status (a ranking, or a what-if) are one of them; files and text are described here.
        foreach (var group in (method?.GetCustomAttributes<ProducesResponseTypeAttribute>() ?? []).Where(p => p.StatusCode < 400 || p.Type is not null).GroupBy(p => p.StatusCode))
        {
            var key = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var types = group.Select(p => p.Type).Where(t => t is not null && t != typeof(void)).ToList();
            if (types.Count > 1)
            {
                var response = await TypedResponse(group.First(), context, ct);
                var oneOf = new List<IOpenApiSchema>();
                foreach (var type in types)
                {
                    // ApiExplorer keeps one type per status: the others become components here.
                    if (document.Components?.Schemas?.ContainsKey(type!.Name) != true)
                        document.AddComponent(type!.Name, await context.GetOrCreateSchemaAsync(type, null, ct));
                    oneOf.Add(new OpenApiSchemaReference(type.Name, document));
                }
                response.Content!.Values.First().Schema = new OpenApiSchema { OneOf = oneOf };
                responses[key] = response;
            }
            else if (!responses.ContainsKey(key) || types.Count == 1 && (types[0] == typeof(Stream) || types[0] == typeof(string)))
                responses[key] = await TypedResponse(group.First(), context, ct);
        }
        foreach (var (status, answer) in responses)
        {
            if (answer is not OpenApiResponse response) continue;
            var code = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
            response.Description = StatusWords(code);
            if (code is 200 or 201 && versioned) AddHeader(response, "ETag", "Phiên bản của bản ghi, để gửi lại trong If-Match · The record's stream version, to send back in If-Match.", "\"12\"");
            if (code == 201 && words?.Location != false) AddHeader(response, "Location", "Địa chỉ của bản ghi vừa tạo · Where the created record is read.", "/api/agencies/huu-lung");
            if (isPost && code is >= 200 and < 300) AddHeader(response, Idempotency.ReplayedHeader, "`true` khi đây là câu trả lời cũ được phát lại · `true` when this is a replayed answer.", "true");
            if (code == 503) AddHeader(response, "Retry-After", "Số giây nên chờ · Seconds to wait before retrying.", "5");
        }

        var problems = new SortedSet<int>(method?.GetCustomAttribute<RefusesAttribute>()?.Statuses ?? []);
        if (!anonymous || rule!.Scope != AgencyScope.None) { problems.Add(401); problems.Add(403); }
        if (rule is null) problems.Add(403);
        if (rule?.Scope == AgencyScope.Appeal) problems.Add(404);
        if (rule?.Scope == AgencyScope.Query) problems.Add(403);
        if (isPost)
        {
            problems.UnionWith([400, 409, 422]);   // Idempotency-Key / Effective-At / body; a lost race; a reused key
            if (!anonymous) problems.Add(403);      // Effective-At from an agency officer
            if (description.ParameterDescriptions.Any(p => p.Source.Id == "Body") || streamed) problems.Add(413);
            if (ifMatch) problems.Add(412);
        }
        if (method is not null && method.GetParameters().Any(p => ParsedTypes.Contains(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))) problems.Add(400);
        if (!route.StartsWith("/health", StringComparison.Ordinal)) problems.Add(429);
        if (method is not null && (isPost || method.GetParameters().Any(p => p.ParameterType.Namespace?.StartsWith("Marten", StringComparison.Ordinal) == true))) problems.Add(503);
        foreach (var status in problems)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (responses.ContainsKey(key)) continue;
            var response = new OpenApiResponse
            {
                Description = StatusWords(status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document), Example = ApiExamples.Problem(status) },
                },
            };
            if (status is 429 or 503) AddHeader(response, "Retry-After", "Số giây nên chờ · Seconds to wait before retrying.", status == 429 ? "60" : "5");
            if (status == 401) AddHeader(response, "WWW-Authenticate", "`Bearer`", "Bearer");
            responses[key] = response;
        }
        operation.Responses = responses;

        // Examples from the demo for the request body.
        if (operation.RequestBody?.Content is { } content && description.ParameterDescriptions.FirstOrDefault(p => p.Source.Id == "Body")?.Type is { } bodyType
            && ApiExamples.Request(bodyType) is { } example)
            foreach (var media in content.Values) media.Example = example;
        if (operation.RequestBody is OpenApiRequestBody body) body.Description ??= "Lệnh gửi lên · The command sent.";
        // An upload or an import reads its multipart body itself: describe it, since no parameter does.
        if (streamed && method?.GetCustomAttribute<Imports.ImportFormAttribute>() is not null)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "Tệp XLSX hoặc CSV trong phần tên `file`, các trường của lệnh bên cạnh (dryRun=true: chạy thử) · The XLSX or CSV file in a part named `file`, the command's fields beside it (dryRun=true: a dry run).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "file" },
                            Properties = new Dictionary<string, IOpenApiSchema>(Imports.ImportFormAttribute.Fields.Select(f =>
                                KeyValuePair.Create(f, (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.String })))
                            {
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                        },
                    },
                },
            };
        else if (streamed)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "Một hoặc nhiều tệp, mỗi tệp trong một phần tên `files` · One or more files, each in a part named `files`.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "files" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["files"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                            },
                        },
                    },
                },
            };
    }

    private static readonly HashSet<Type> ParsedTypes = [typeof(int), typeof(long), typeof(DateTimeOffset), typeof(bool)];

    private static async Task<OpenApiResponse> TypedResponse(ProducesResponseTypeAttribute produced, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var media = new Microsoft.AspNetCore.Mvc.Formatters.MediaTypeCollection();
        ((Microsoft.AspNetCore.Mvc.ApiExplorer.IApiResponseMetadataProvider)produced).SetContentTypes(media);
        var contentTypes = media.Count > 0 ? media.ToList() : [produced.Type == typeof(string) ? "text/plain" : "application/json"];
        IOpenApiSchema? schema = produced.Type is null || produced.Type == typeof(void) ? null
            : produced.Type == typeof(Stream) || produced.Type == typeof(byte[]) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }
            : produced.Type == typeof(string) ? new OpenApiSchema { Type = JsonSchemaType.String }
            : await context.GetOrCreateSchemaAsync(produced.Type, null, ct);
        var response = new OpenApiResponse { Description = StatusWords(produced.StatusCode) };
        if (schema is not null)
            response.Content = contentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = schema });
        return response;
    }

    private static OpenApiParameter Header(string name, string description, string example) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        Example = JsonValue.Create(example),
    };

    private static void AddHeader(OpenApiResponse response, string name, string description, string example)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create(example) };
    }

    public static string StatusWords(int status) => status switch
    {
        200 => "Thành công · OK",
        201 => "Đã tạo · Created",
        304 => "Không thay đổi · Not modified",
        400 => "Yêu cầu không hợp lệ (tham số, tiêu đề hoặc nội dung; `errors` nêu trường và lý do) · Invalid request: a parameter, header or body field, named in `errors`",
        401 => "Thiếu hoặc sai token · No valid bearer token (missing, expired, revoked or not signed by this ledger)",
        403 => "Vai trò hoặc đơn vị không được phép · The token's role, or its agencies, may not do this",
        404 => "Không tìm thấy · Not found",
        409 => "Xung đột với trạng thái sổ cái · Conflict with the ledger's state (or another writer at the same time); nothing was written",
        412 => "Bản ghi đã thay đổi kể từ lần đọc (If-Match) · The record changed since it was read (If-Match); nothing was written",
        413 => "Nội dung quá lớn · Request body too large",
        415 => "Kiểu tệp không được chấp nhận · Unsupported media type",
        422 => "Idempotency-Key đã dùng cho một yêu cầu khác · The Idempotency-Key was used for another request",
        429 => "Quá nhiều yêu cầu trong phút này · Too many requests this minute; see Retry-After",
        500 => "Lỗi phía sổ cái · The ledger found an inconsistency and refused",
        503 => "Cơ sở dữ liệu không sẵn sàng · The database is not available; see Retry-After",
        _ => $"HTTP {status}",
    };

    // ---- the document --------------------------------------------------------------------------------------------

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CchcLedger API",
            Version = "v1",
            Description = "Sổ cái Chỉ số cải cách hành chính (CCHC) của tỉnh: mọi đăng ký, bộ tiêu chí, điểm tự chấm, thẩm định, điều chỉnh, kiến nghị và công bố là sự kiện bất biến.\n\n" +
                          "The province's administrative-reform (CCHC) index ledger: every registration, criteria set, self-score, appraisal, adjustment, appeal and publication is an immutable event.\n\n" +
                          "Số thập phân là JSON number với `format: decimal` · Decimals are JSON numbers with `format: decimal`: read them into an exact decimal type, never a binary float. " +
                          "Lỗi theo RFC 9457 (problem details) với `errors` nêu trường và lý do · Refusals are RFC 9457 problem details whose `errors` name each field and its reason.",
            License = new OpenApiLicense { Name = "Proprietary: Ủy ban nhân dân tỉnh · the Provincial People's Committee" },
        };
        // The address the document was asked at, without a trailing slash (a client appends paths to it).
        if (document.Servers is { Count: > 0 } servers)
            foreach (var server in servers) server.Url = server.Url?.TrimEnd('/') is { Length: > 0 } url ? url : server.Url;

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Token JWT ký bởi sổ cái, mang một vai trò · A JWT signed by the ledger carrying one role (`role`) and, for an agency officer, its agencies. " +
                          "The roles an operation admits are listed in its security requirement (OpenAPI 3.1 role names) and in `x-roles`.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.Remove("IResult");
        document.Components.Schemas.Remove("Stream");
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Problem details (RFC 9457): every refusal names the field and the reason in `errors`.",
            Required = new HashSet<string> { "type", "title", "status", "detail", "errors" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "`field: reason`, for people." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace, to quote to the ledger's operators." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Trường (hoặc tiêu đề, tham số) → lý do · Each field (or header, parameter) refused, with its reasons.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
        var used = document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? []).SelectMany(o => (IEnumerable<OpenApiTagReference>?)o.Tags ?? []).Select(t => t.Name).ToHashSet();
        document.Tags = new HashSet<OpenApiTag>(Areas.Values.Where(a => used.Contains(a.Tag))
            .Select(a => new OpenApiTag { Name = a.Tag, Description = $"{a.Vi}\n\n{a.En}" })
            .Concat(used.Where(t => Areas.Values.All(a => a.Tag != t)).Select(t => new OpenApiTag { Name = t })));
        return Task.CompletedTask;
    }
}
