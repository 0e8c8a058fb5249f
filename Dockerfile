# A small runtime image of the cmkaudit command. It cannot be built on this project's machines (no Docker engine);
# build it where Docker runs: docker build -t cmkaudit . && docker run --rm -v "$PWD:/work" -w /work cmkaudit scan --input estate/
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/CmkAudit.Cli --configuration Release --output /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
# DejaVu Sans for the PDF report.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/cmkaudit.dll"]
