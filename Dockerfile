# theodoi: one static binary on a distroless base.
#   docker build -t theodoi .
#   docker run -p 8080:8080 -v theodoi-data:/data theodoi

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so editing code does not re-download them.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /theodoi ./cmd/theodoi \
 && mkdir -p /out/data

# distroless/static carries tzdata (Asia/Ho_Chi_Minh), CA certificates and a
# non-root user (65532), and no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /theodoi /theodoi
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV THEODOI_ADDR=:8080 \
    THEODOI_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/theodoi"]
