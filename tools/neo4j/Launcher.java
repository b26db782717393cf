// A local Neo4j Community server for development and tests (graphbuilder, issue 8).
//
// Usage: java -Xmx1g -cp '<cache>/lib/*' Launcher.java <port> <homeDir> <password>
// (local_neo4j.py compiles it once into <cache>/launcher-<hash>.jar and runs class Launcher.)
//
// Starts an embedded DBMS with a Bolt connector on 127.0.0.1:<port> only, authentication on,
// user neo4j's password set to <password> (no change required), low memory settings and no usage
// reporting. Prints one line "READY bolt://127.0.0.1:<port>" on stdout once Bolt accepts
// connections. Shuts down cleanly when stdin closes or on SIGTERM/SIGINT.
// A <password> of "-" means: read it from the environment variable GRAPHBUILDER_NEO4J_PASSWORD,
// which other users cannot see, unlike a command line (tools/neo4j/local_neo4j.py does that).

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Launcher {
    private static final String LOOPBACK = "127.0.0.1";
    private static final String PASSWORD_ENV = "GRAPHBUILDER_NEO4J_PASSWORD";
    private static final long READY_TIMEOUT_MS = 60_000;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher.java <port> <homeDir> <password>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();
        String password = args[2].equals("-") ? System.getenv(PASSWORD_ENV) : args[2];
        if (password == null || password.isEmpty()) {
            System.err.println("no password: pass one, or '-' with " + PASSWORD_ENV + " set");
            System.exit(2);
        }

        try {
            run(port, home, password);
        } catch (Throwable failure) {
            // Exit explicitly: Neo4j's non-daemon threads would otherwise keep a failed JVM alive.
            failure.printStackTrace();
            System.err.println("FAILED: " + rootCause(failure));
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(int port, Path home, String password) throws Exception {
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(writeConfig(home, port))
                .setUserLogProvider(new Log4jLogProvider(System.err))
                .build();
        AtomicBoolean stopped = new AtomicBoolean(false);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                dbms.shutdown();
            }
        };
        // SIGTERM and SIGINT run shutdown hooks; stdin EOF is handled below.
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-shutdown"));

        setInitialPassword(dbms, password);
        waitForBolt(port);
        System.out.println("READY bolt://" + LOOPBACK + ":" + port);
        System.out.flush();

        drain(System.in); // returns when the parent closes our stdin (or dies)
        stop.run();
    }

    private static Path writeConfig(Path home, int port) throws IOException {
        StringBuilder conf = new StringBuilder("# Written by graphbuilder's tools/neo4j/Launcher.java\n");
        settings(port).forEach((key, value) -> conf.append(key).append('=').append(value).append('\n'));
        Path file = home.resolve("conf").resolve("neo4j.conf");
        Files.createDirectories(file.getParent());
        Files.writeString(file, conf.toString());
        return file;
    }

    private static Map<String, String> settings(int port) {
        return new TreeMap<>(Map.ofEntries(
                Map.entry("server.default_listen_address", LOOPBACK),
                Map.entry("server.default_advertised_address", LOOPBACK),
                Map.entry("server.bolt.enabled", "true"),
                Map.entry("server.bolt.listen_address", LOOPBACK + ":" + port),
                Map.entry("server.bolt.advertised_address", LOOPBACK + ":" + port),
                Map.entry("dbms.security.auth_enabled", "true"),
                // Shared 2-core machine: keep the footprint small (the heap is set with -Xmx).
                Map.entry("server.memory.pagecache.size", "256m"),
                // Throwaway data: no 256 MiB preallocated transaction logs, keep few of them.
                Map.entry("db.tx_log.preallocate", "false"),
                Map.entry("db.tx_log.rotation.size", "16m"),
                Map.entry("db.tx_log.rotation.retention_policy", "2 files"),
                // Bolt otherwise waits ~10 s for idle connections and worker threads on shutdown.
                Map.entry("internal.server.bolt.connection_shutdown_wait_time", "1s"),
                Map.entry("internal.server.bolt.thread_pool_shutdown_wait_time", "1s"),
                // No phone-home.
                Map.entry("dbms.usage_report.enabled", "false")));
    }

    private static void setInitialPassword(DatabaseManagementService dbms, String password) {
        // Embedded transactions bypass auth, so the system database can set the password directly.
        dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
    }

    private static void waitForBolt(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), 1_000);
                return;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Bolt is not accepting connections on port " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored; only end-of-stream matters.
            }
        } catch (IOException closed) {
            // A broken pipe means the parent is gone: shut down as for EOF.
        }
    }
}
