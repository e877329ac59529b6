//! `qrstation printer …`: the CUPS queues with their media, and printer profiles (list, add,
//! remove, choose the default), over `qrstation_core::printer_profiles`.

use std::path::Path;

use qrstation_core::{
    badge,
    printer_profiles::{self, PrinterProfile},
};

use crate::args::{Global, PrinterCommand, ProfileCommand};
use crate::error::CliError;
use crate::output::{self, json};

/// The `printer` subcommands: CUPS queues with their media, and printer profiles. With
/// `--json`, `remove` and `default` print the profiles as they are afterwards.
pub fn run(g: &Global, data_dir: &Path, command: PrinterCommand) -> Result<(), CliError> {
    match command {
        PrinterCommand::List { server } => {
            let list = badge::try_printers(server.as_deref())?;
            if g.json {
                return json(&list);
            }
            output::print_printers(&list);
        }
        PrinterCommand::Profiles => {
            let list = printer_profiles::profiles(data_dir)?;
            if g.json {
                return json(&list);
            }
            output::print_profiles(&list);
        }
        PrinterCommand::Profile(ProfileCommand::Add {
            name,
            printer,
            template,
            format,
            copies,
            media,
            replace,
        }) => {
            let p = PrinterProfile {
                name,
                printer,
                template,
                format,
                copies,
                media,
            };
            let exists = printer_profiles::profiles(data_dir)?
                .profiles
                .iter()
                .any(|q| q.name.eq_ignore_ascii_case(p.name.trim()));
            let saved = if replace && exists {
                printer_profiles::update_profile(data_dir, &p.name, &p)?
            } else {
                printer_profiles::add_profile(data_dir, &p)?
            };
            if g.json {
                return json(&saved);
            }
            println!("Printer profile {:?} saved.", saved.name);
        }
        PrinterCommand::Profile(ProfileCommand::Remove { name }) => {
            printer_profiles::delete_profile(data_dir, &name)?;
            if g.json {
                return json(&printer_profiles::profiles(data_dir)?);
            }
            println!("Printer profile {name:?} removed.");
        }
        PrinterCommand::Profile(ProfileCommand::Default { name }) => {
            printer_profiles::set_default_profile(data_dir, &name)?;
            if g.json {
                return json(&printer_profiles::profiles(data_dir)?);
            }
            println!("Badges now print with {name:?} by default.");
        }
    }
    Ok(())
}
