// Every word the kiosk shows, in one place, ready for translation. English is the reference:
// the type makes every other language carry every key.

export const en = {
  title: "PIN station",
  subtitle: "Change your sign-in PIN, or get help if you forgot it.",
  changePin: "Change my PIN",
  changePinHint: "You know your PIN and want a new one",
  forgotPin: "I forgot my PIN",
  forgotPinHint: "A manager approves a new temporary PIN",
  language: "Español",
  languageLabel: "Cambiar el idioma a español",
  demoTenant: "Demo tenant: nothing here reaches a real company.",
  managerExit: "Manager: exit kiosk",
  scanTitleWorker: "Sign in on your phone",
  approveReset: (name: string, upn: string) =>
    upn && upn !== name
      ? `Manager approval: reset the PIN of ${name} (${upn})`
      : `Manager approval: reset the PIN of ${name}`,
  approveExit: "Manager approval: leave kiosk mode",
  approveHint:
    "Manager: the sign-in page on your phone does not say what you approve. Sign in only if this screen shows what you want.",
  scanStep1: "Scan this code with your phone's camera, or open",
  scanStep2: "Enter this code:",
  scanStep3: "Sign in with your QR code or your work account.",
  scanWaiting: "Waiting for the sign-in…",
  expiresIn: (m: number) => `The code expires in ${m} min.`,
  cancel: "Cancel",
  back: "Back",
  hello: (name: string) => `Hello, ${name}`,
  pinIntro: (len: number) =>
    `Type your current PIN, then your new PIN twice. The new PIN needs at least ${len} digits.`,
  currentPin: "Current PIN",
  newPin: "New PIN",
  repeatPin: "New PIN again",
  show: "Show",
  hide: "Hide",
  backspace: "Delete",
  clear: "Clear",
  savePin: "Change PIN",
  saving: "Changing…",
  mismatch: "The two new PINs are not the same.",
  sameAsCurrent: "The new PIN must be different from the current one.",
  wrongPin: (left: number) =>
    left === 1
      ? "That current PIN is not right. 1 try left."
      : `That current PIN is not right. ${left} tries left.`,
  locked: (m: number) =>
    `Too many wrong PINs. Try again in ${m} minutes, or ask a manager to reset your PIN.`,
  pinNotDigits: "Use digits only.",
  pinTooShort: (n: number) => `Use at least ${n} digits.`,
  pinTooLong: (n: number) => `Use at most ${n} digits.`,
  pinSequence: "Don't use 0123456789 or 9876543210.",
  pinRepeated: "Don't repeat a group of 2 or 3 digits (like 121212).",
  pinSameDigit: "Don't use the same digit all the way (like 11111111).",
  pinStraightRun: "Don't count straight up or down (like 12345678).",
  pinOk: "This PIN can be used.",
  pinRefused: "Your organization does not allow this new PIN. Try another one.",
  wait: "One moment: the last PIN is still being checked.",
  pinNotReturned: "The PIN was reset, but no new PIN came back. A manager must approve a reset again.",
  mfaTitle: "Microsoft wants to check it's you",
  mfaBody:
    "Before a PIN can be changed, Microsoft asks for a fresh sign-in with a second method (like the Authenticator app). Sign in again on your phone; then your new PIN is saved.",
  mfaAgain: "Sign in again",
  mfaUnavailable:
    'Microsoft asks for a second sign-in method you don\'t have (a QR code and PIN count as one). Your PIN was not changed. Ask a manager: choose "I forgot my PIN".',
  changedTitle: "Your PIN is changed",
  changedBody: "Use your new PIN the next time you scan your badge. You are signed out here.",
  done: "Done",
  forgotTitle: "Who are you?",
  forgotIntro:
    "Type your work sign-in name (like ana@contoso.com), or your name if you used this kiosk before. A manager will approve a new PIN.",
  nameLabel: "Your name",
  next: "Next",
  space: "Space",
  whoTitle: "Which one are you?",
  whoIntro: "Several people match. Pick yourself; the manager approves a new PIN for that person only.",
  noMatch: "Nobody here matches that name. Type your whole work sign-in name, like ana@contoso.com.",
  typeMore: "Type at least three letters of your name, or your whole sign-in name.",
  workerNotFound:
    "That person cannot be found, so nothing was reset. Check the sign-in name and start again.",
  confirmTitle: "Manager: confirm the reset",
  confirmIntro: (manager: string, name: string, upn: string) =>
    `${manager}, you approved a new PIN for ${name} (${upn}). Check that this is the person in front of you.`,
  resetFor: (name: string) => `Reset the PIN of ${name}`,
  resetting: "Resetting…",
  tempTitle: "Temporary PIN",
  tempBody: (name: string) =>
    `${name}, this is your temporary PIN. You must change it the next time you sign in.`,
  tempOnce: "It is shown only now. Write it down or remember it before you press Done.",
  notManager: "That account may not approve this. Ask a manager with the Authentication Administrator role.",
  timedOut: "That took too long, so we started again.",
  failed: "Something went wrong. Please try again or ask a manager.",
  idleWarning: "Still there? Touch the screen to continue.",
  forgotBadge: "I forgot my badge",
  forgotBadgeHint: "A manager approves a temporary QR code for today",
  forgotBadgeIntro:
    "Type your work sign-in name (like ana@contoso.com), or your name if you used this kiosk before. A manager will approve a temporary QR code.",
  approveBadge: (name: string, upn: string) =>
    upn && upn !== name
      ? `Manager approval: a temporary QR code for ${name} (${upn})`
      : `Manager approval: a temporary QR code for ${name}`,
  badgeConfirmTitle: "Manager: a temporary QR code",
  badgeConfirmIntro: (manager: string, name: string, upn: string) =>
    `${manager}, you approved a temporary QR code for ${name} (${upn}). Check that this is the person in front of you, and choose how long it works.`,
  badgeHours: (h: number) => (h === 1 ? "1 hour" : `${h} hours`),
  badgeActive: (until: string) => `This person already has a temporary QR code that works until ${until}.`,
  badgeReplace: "Replace it with a new code",
  badgeMake: (name: string) => `Make the code for ${name}`,
  badgeMaking: "Making the code…",
  badgeNoMethod: "This person has no QR code sign-in yet. A manager must make a badge at the badge station.",
  badgeShownTitle: (name: string) => `${name}, scan this code with the shared device`,
  badgeAlt: "Your temporary QR code",
  badgeUntil: (until: string) => `It works until ${until}. Sign in with it and your usual PIN.`,
  badgeOnce: (s: number) => `It disappears after ${s} seconds or when anyone touches the screen.`,
  activeCode: "This person already has a temporary QR code. A manager can replace it.",
  details: "Details",
};

export type Strings = typeof en;

export const es: Strings = {
  title: "Estación de PIN",
  subtitle: "Cambie su PIN de inicio de sesión o pida ayuda si lo olvidó.",
  changePin: "Cambiar mi PIN",
  changePinHint: "Conoce su PIN y quiere uno nuevo",
  forgotPin: "Olvidé mi PIN",
  forgotPinHint: "Un gerente aprueba un PIN temporal nuevo",
  language: "English",
  languageLabel: "Switch the language to English",
  demoTenant: "Inquilino de demostración: nada de esto llega a una empresa real.",
  managerExit: "Gerente: salir del quiosco",
  scanTitleWorker: "Inicie sesión en su teléfono",
  approveReset: (name: string, upn: string) =>
    upn && upn !== name
      ? `Aprobación del gerente: restablecer el PIN de ${name} (${upn})`
      : `Aprobación del gerente: restablecer el PIN de ${name}`,
  approveExit: "Aprobación del gerente: salir del modo quiosco",
  approveHint:
    "Gerente: la página de inicio de sesión de su teléfono no dice qué aprueba. Inicie sesión solo si esta pantalla muestra lo que quiere.",
  scanStep1: "Escanee este código con la cámara del teléfono, o abra",
  scanStep2: "Escriba este código:",
  scanStep3: "Inicie sesión con su código QR o su cuenta de trabajo.",
  scanWaiting: "Esperando el inicio de sesión…",
  expiresIn: (m: number) => `El código caduca en ${m} min.`,
  cancel: "Cancelar",
  back: "Atrás",
  hello: (name: string) => `Hola, ${name}`,
  pinIntro: (len: number) =>
    `Escriba su PIN actual y luego el nuevo PIN dos veces. El nuevo PIN necesita al menos ${len} dígitos.`,
  currentPin: "PIN actual",
  newPin: "PIN nuevo",
  repeatPin: "Repita el PIN nuevo",
  show: "Mostrar",
  hide: "Ocultar",
  backspace: "Borrar",
  clear: "Limpiar",
  savePin: "Cambiar PIN",
  saving: "Cambiando…",
  mismatch: "Los dos PIN nuevos no coinciden.",
  sameAsCurrent: "El PIN nuevo debe ser distinto del actual.",
  wrongPin: (left: number) =>
    left === 1
      ? "Ese PIN actual no es correcto. Queda 1 intento."
      : `Ese PIN actual no es correcto. Quedan ${left} intentos.`,
  locked: (m: number) =>
    `Demasiados PIN incorrectos. Inténtelo de nuevo en ${m} minutos o pida a un gerente que restablezca su PIN.`,
  pinNotDigits: "Use solo dígitos.",
  pinTooShort: (n: number) => `Use al menos ${n} dígitos.`,
  pinTooLong: (n: number) => `Use como máximo ${n} dígitos.`,
  pinSequence: "No use 0123456789 ni 9876543210.",
  pinRepeated: "No repita un grupo de 2 o 3 dígitos (como 121212).",
  pinSameDigit: "No use el mismo dígito en todo el PIN (como 11111111).",
  pinStraightRun: "No cuente seguido hacia arriba o hacia abajo (como 12345678).",
  pinOk: "Este PIN se puede usar.",
  pinRefused: "Su organización no permite este PIN nuevo. Pruebe con otro.",
  wait: "Un momento: todavía se está comprobando el último PIN.",
  pinNotReturned:
    "El PIN se restableció, pero no llegó el PIN nuevo. Un gerente debe aprobar otro restablecimiento.",
  mfaTitle: "Microsoft quiere comprobar que es usted",
  mfaBody:
    "Antes de cambiar un PIN, Microsoft pide iniciar sesión de nuevo con un segundo método (como la aplicación Authenticator). Inicie sesión otra vez en su teléfono; después se guarda su PIN nuevo.",
  mfaAgain: "Iniciar sesión otra vez",
  mfaUnavailable:
    'Microsoft pide un segundo método de inicio de sesión que usted no tiene (el código QR y el PIN cuentan como uno). Su PIN no cambió. Pida ayuda a un gerente: elija "Olvidé mi PIN".',
  changedTitle: "Su PIN ha cambiado",
  changedBody: "Use su PIN nuevo la próxima vez que escanee su credencial. Su sesión aquí se cerró.",
  done: "Listo",
  forgotTitle: "¿Quién es usted?",
  forgotIntro:
    "Escriba su nombre de inicio de sesión del trabajo (como ana@contoso.com), o su nombre si ya usó este quiosco. Un gerente aprobará un PIN nuevo.",
  nameLabel: "Su nombre",
  next: "Siguiente",
  space: "Espacio",
  whoTitle: "¿Cuál es usted?",
  whoIntro:
    "Varias personas coinciden. Elíjase a sí mismo; el gerente aprobará un PIN nuevo solo para esa persona.",
  noMatch:
    "Nadie aquí coincide con ese nombre. Escriba su nombre de inicio de sesión completo, como ana@contoso.com.",
  typeMore: "Escriba al menos tres letras de su nombre, o su nombre de inicio de sesión completo.",
  workerNotFound:
    "No se encuentra a esa persona, así que no se restableció nada. Compruebe el nombre de inicio de sesión y empiece de nuevo.",
  confirmTitle: "Gerente: confirme el restablecimiento",
  confirmIntro: (manager: string, name: string, upn: string) =>
    `${manager}, aprobó un PIN nuevo para ${name} (${upn}). Compruebe que es la persona que tiene delante.`,
  resetFor: (name: string) => `Restablecer el PIN de ${name}`,
  resetting: "Restableciendo…",
  tempTitle: "PIN temporal",
  tempBody: (name: string) =>
    `${name}, este es su PIN temporal. Debe cambiarlo la próxima vez que inicie sesión.`,
  tempOnce: "Solo se muestra ahora. Anótelo o memorícelo antes de pulsar Listo.",
  notManager:
    "Esa cuenta no puede aprobar esto. Pida ayuda a un gerente con el rol de Administrador de autenticación.",
  timedOut: "Tardó demasiado, así que empezamos de nuevo.",
  failed: "Algo salió mal. Inténtelo de nuevo o pida ayuda a un gerente.",
  idleWarning: "¿Sigue ahí? Toque la pantalla para continuar.",
  details: "Detalles",
  forgotBadge: "Olvidé mi credencial",
  forgotBadgeHint: "Un gerente aprueba un código QR temporal para hoy",
  forgotBadgeIntro:
    "Escriba su nombre de inicio de sesión del trabajo (como ana@contoso.com), o su nombre si usó este quiosco antes. Un gerente aprobará un código QR temporal.",
  approveBadge: (name: string, upn: string) =>
    upn && upn !== name
      ? `Aprobación del gerente: un código QR temporal para ${name} (${upn})`
      : `Aprobación del gerente: un código QR temporal para ${name}`,
  badgeConfirmTitle: "Gerente: un código QR temporal",
  badgeConfirmIntro: (manager: string, name: string, upn: string) =>
    `${manager}, aprobó un código QR temporal para ${name} (${upn}). Compruebe que es la persona que tiene delante y elija cuánto tiempo funciona.`,
  badgeHours: (h: number) => (h === 1 ? "1 hora" : `${h} horas`),
  badgeActive: (until: string) =>
    `Esta persona ya tiene un código QR temporal que funciona hasta las ${until}.`,
  badgeReplace: "Reemplazarlo por un código nuevo",
  badgeMake: (name: string) => `Crear el código para ${name}`,
  badgeMaking: "Creando el código…",
  badgeNoMethod:
    "Esta persona aún no tiene inicio de sesión con código QR. Un gerente debe crear una credencial en la estación de credenciales.",
  badgeShownTitle: (name: string) => `${name}, escanee este código con el dispositivo compartido`,
  badgeAlt: "Su código QR temporal",
  badgeUntil: (until: string) => `Funciona hasta las ${until}. Inicie sesión con él y su PIN de siempre.`,
  badgeOnce: (s: number) => `Desaparece después de ${s} segundos o cuando alguien toca la pantalla.`,
  activeCode: "Esta persona ya tiene un código QR temporal. Un gerente puede reemplazarlo.",
};

export const languages = { en, es } as const;
export type Language = keyof typeof languages;

/** The language to start in: the setting, else the system's, else English. */
export function pickLanguage(setting: string | null | undefined, system: string): Language {
  const want = (setting ?? system).toLowerCase().slice(0, 2);
  return want === "es" ? "es" : "en";
}
