/*
 * The pause program of Orca's test pause image: PID 1 of every pod sandbox. It
 * holds the pod's namespaces open, reaps orphans re-parented to it (so no zombies
 * pile up when containers share its PID namespace) and exits 0 on SIGTERM or
 * SIGINT. Built with `gcc -static` by setup.sh so the image needs no libc.
 */
#include <signal.h>
#include <stddef.h>
#include <sys/wait.h>

static volatile sig_atomic_t stop_requested = 0;

static void on_stop(int signal_number) {
  (void)signal_number;
  stop_requested = 1;
}

/* Only there so that SIGCHLD interrupts sigsuspend; the reaping happens in main. */
static void on_child(int signal_number) { (void)signal_number; }

static void reap_children(void) {
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(void) {
  sigset_t handled;
  sigset_t waiting;
  struct sigaction stop_action = {0};
  struct sigaction child_action = {0};

  /* Blocked outside sigsuspend, so a signal between the check and the wait is not lost. */
  sigemptyset(&handled);
  sigaddset(&handled, SIGTERM);
  sigaddset(&handled, SIGINT);
  sigaddset(&handled, SIGCHLD);
  sigprocmask(SIG_BLOCK, &handled, &waiting);
  sigdelset(&waiting, SIGTERM);
  sigdelset(&waiting, SIGINT);
  sigdelset(&waiting, SIGCHLD);

  stop_action.sa_handler = on_stop;
  sigaction(SIGTERM, &stop_action, NULL);
  sigaction(SIGINT, &stop_action, NULL);
  child_action.sa_handler = on_child;
  child_action.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &child_action, NULL);

  while (!stop_requested) {
    sigsuspend(&waiting);
    reap_children();
  }
  return 0;
}
