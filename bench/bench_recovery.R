# glmnet peer of bench_recovery.c.
#
# usage: Rscript bench_recovery.R DIR M N NLAMBDA
# Reads X.bin (M x N, row-major), y.bin (M) and grid.bin (NLAMBDA decreasing
# lambdas) that bench_recovery.c wrote to DIR (raw little-endian float64).
# Prints 'READY <glmnet version>' (or 'SKIP <reason>' and quits), then
# answers one command per line of stdin with one line on stdout:
#     path THRESH OUT -> '<seconds> <count>': glmnet(X, y, lambda = grid,
#                        standardize = FALSE, intercept = FALSE,
#                        thresh = THRESH), only that call timed; OUT gets
#                        NLAMBDA blocks of N coefficients (float64)
#     quit
# glmnet.control(fdev = 0, devmax = 1) keeps glmnet from ending the path
# early (its defaults stop when the deviance barely changes), so it solves
# the same 100 problems as the toolkit.

if (!suppressWarnings(suppressMessages(requireNamespace("glmnet", quietly = TRUE)))) {
    cat("SKIP glmnet not installed\n")
    quit(save = "no", status = 0)
}
suppressMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
m <- as.integer(args[2])
n <- as.integer(args[3])
nl <- as.integer(args[4])

read_doubles <- function(path, count) {
    con <- file(path, "rb")
    on.exit(close(con))
    readBin(con, "double", n = count, size = 8, endian = "little")
}

X <- matrix(read_doubles(file.path(dir, "X.bin"), m * n), nrow = m, ncol = n, byrow = TRUE)
y <- read_doubles(file.path(dir, "y.bin"), m)
grid <- read_doubles(file.path(dir, "grid.bin"), nl)
invisible(glmnet.control(fdev = 0, devmax = 1))

cat("READY", as.character(packageVersion("glmnet")), "\n")
flush(stdout())
input <- file("stdin", "r")
repeat {
    line <- readLines(input, n = 1)
    if (length(line) == 0) break
    w <- strsplit(trimws(line), "[[:space:]]+")[[1]]
    if (length(w) == 0 || w[1] == "quit") break
    if (w[1] == "path") {
        thresh <- as.numeric(w[2])
        t0 <- Sys.time()
        fit <- glmnet(X, y, family = "gaussian", lambda = grid, standardize = FALSE,
                      intercept = FALSE, thresh = thresh)
        t <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
        beta <- as.matrix(fit$beta)
        con <- file(w[3], "wb")
        writeBin(as.vector(beta), con, size = 8, endian = "little")
        close(con)
        cat(sprintf("%.9e %d\n", t, ncol(beta)))
    } else {
        cat("ERROR unknown command\n")
    }
    flush(stdout())
}
