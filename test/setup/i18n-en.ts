// Every jest test starts with English active, as the pane and portal do after loading it.
import { activateForTest } from '../helpers/i18n';

activateForTest('en');
