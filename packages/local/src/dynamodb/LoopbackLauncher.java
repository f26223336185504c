/*
 * Starts DynamoDB Local listening on 127.0.0.1 only. Its command line has no option for the
 * address, and its Jetty server binds every interface, so anyone on the network could read
 * the local database. This builds the server exactly as DynamoDB Local's own main does
 * (ServerRunner.createServerFromCommandLineArgs, same arguments), then sets the host of each
 * Jetty connector before starting it.
 *
 * Run as a single source file (java -cp DynamoDBLocal.jar LoopbackLauncher.java <args>):
 * Java compiles it in memory, which needs the jdk.compiler module. With
 * -Dsharespace.launcher.cache=<dir> it also writes its compiled class to <dir> once the server
 * runs, so later starts skip the compilation (java -cp DynamoDBLocal.jar:<dir> ...).
 *
 * Exit code 3 with a line starting LOOPBACK_UNAVAILABLE: this DynamoDB Local is not built the
 * way this launcher expects; the caller falls back to DynamoDB Local's own main.
 */
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackLauncher {
  private static final int LOOPBACK_UNAVAILABLE = 3;
  private static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server server = jettyOf(proxy);
    int bound = 0;
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ((ServerConnector) connector).setHost(HOST);
        bound++;
      }
    }
    if (bound == 0 || bound != server.getConnectors().length) {
      unavailable("a Jetty connector is not a ServerConnector");
    }
    // start() prints why it could not bind (port in use) and returns with the server stopped.
    proxy.start();
    if (!server.isStarted()) System.exit(1);
    cacheCompiledClass();
  }

  private static Server jettyOf(DynamoDBProxyServer proxy) {
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      return (Server) field.get(proxy);
    } catch (ReflectiveOperationException | RuntimeException e) {
      unavailable(e.toString());
      return null;
    }
  }

  private static void unavailable(String why) {
    System.err.println("LOOPBACK_UNAVAILABLE: " + why);
    System.exit(LOOPBACK_UNAVAILABLE);
  }

  /**
   * Compiles this source into the cache directory, in the background and only when asked (it
   * runs from source): a failure here costs nothing but the next start's compilation.
   */
  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) return;
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static void cacheCompiledClass() {
    String cache = System.getProperty("sharespace.launcher.cache");
    String source = System.getProperty("sharespace.launcher.source");
    if (cache == null || source == null) return;
    Thread thread =
        new Thread(
            () -> {
              try {
                // Let the app that started us finish its own start first.
                Thread.sleep(5_000);
                JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
                if (compiler == null) return;
                Path target = Paths.get(cache);
                Files.createDirectories(target.getParent());
                Path temp = Files.createTempDirectory(target.getParent(), "launcher-");
                String classPath = System.getProperty("java.class.path");
                int code =
                    compiler.run(
                        null, null, null, "--release", "17", "-nowarn", "-d", temp.toString(),
                        "-cp", classPath, source);
                try {
                  if (code == 0) Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                  deleteTree(temp);
                }
              } catch (Exception | LinkageError e) {
                // The next start compiles again.
              }
            },
            "sharespace-launcher-cache");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }
}
